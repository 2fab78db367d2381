/* test-import.c — CSV and vCard files into a real database: mapping,
 * rejects, duplicates, linking, undo, all-or-nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-exporter.h"
#include "crm-importer.h"
#include "crm-test-db.h"

static char      *folder;
static GPtrArray *results; /* what value() returned, freed at the end */

/* A file in the test folder with @text (UTF-8, or converted to
 * Windows-1251 when @cp1251). */
static GFile *
write_file (const char *name,
            const char *text,
            gboolean    cp1251)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *bytes = NULL;
  gsize            len = strlen (text);
  GError          *error = NULL;

  if (cp1251)
    {
      bytes = g_convert (text, -1, "CP1251", "UTF-8", NULL, &len, &error);
      g_assert_no_error (error);
    }
  g_file_set_contents (path, bytes ? bytes : text, (gssize) len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* The first value of a query; owned by the program (freed at exit), so
 * it can go straight into an assertion. */
static const char *
value (CrmTestFixture *fixture,
       const char     *sql,
       const char     *param)
{
  char *v = crm_test_db_query_value (fixture->conn, sql, param);

  g_ptr_array_add (results, v);
  return v;
}

static guint
count (CrmTestFixture *fixture,
       const char     *sql,
       const char     *param)
{
  const char *v = value (fixture, sql, param);

  return v ? (guint) g_ascii_strtoull (v, NULL, 10) : 0;
}

static CrmImporter *
open_importer (CrmTestFixture *fixture,
               const char     *type,
               GFile          *file)
{
  g_autoptr (GError) error = NULL;
  CrmImporter     *importer = crm_importer_new (fixture->store, crm_record_type_lookup (type), file, NULL, &error);
  g_autofree char *rejects = g_build_filename (folder, "rejects.csv", NULL);
  g_autoptr (GFile) rejects_file = g_file_new_for_path (rejects);

  g_assert_no_error (error);
  g_assert_nonnull (importer);
  crm_importer_set_rejects_file (importer, rejects_file);
  g_unlink (rejects);
  return importer;
}

static void
run_ok (CrmImporter *importer)
{
  g_autoptr (GError) error = NULL;

  crm_importer_run_sync (importer, NULL, &error);
  g_assert_no_error (error);
}

static void
add_employees (CrmTestFixture *fixture)
{
  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.employees (full_name, login) VALUES"
                                   " ('Котова Анна', 'kotova'), ('Белов Дмитрий', 'belov')");
}

/* ---- Reading and mapping ---- */

static void
test_1c_cp1251 (CrmTestFixture *fixture,
                gconstpointer   data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "1c-accounts-cp1251.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CrmImporter) importer = NULL;
  const CrmImportCounts *counts;
  g_autofree char       *batch = NULL;

  add_employees (fixture);
  importer = open_importer (fixture, "account", file);
  g_assert_cmpint (crm_importer_get_encoding (importer), ==, CRM_CSV_ENCODING_CP1251);
  g_assert_cmpint (crm_importer_get_delimiter (importer), ==, ';');
  g_assert_cmpstr (crm_importer_get_header (importer, 0), ==, "Наименование");
  g_assert_cmpstr (crm_importer_get_target (importer, 0), ==, "name");
  g_assert_cmpstr (crm_importer_get_target (importer, 2), ==, "inn");
  g_assert_cmpstr (crm_importer_get_target (importer, 9), ==, "owner_name");
  g_assert_null (crm_importer_check_targets (importer));

  run_ok (importer);
  counts = crm_importer_get_counts (importer);
  g_assert_cmpuint (crm_importer_get_n_rows (importer), ==, 3);
  /* «Смирнова Ольга» is nobody here: her row is rejected, naming her. */
  g_assert_cmpuint (crm_importer_get_n_rejected (importer), ==, 1);
  g_assert_cmpuint (((CrmImportReject *) crm_importer_get_rejects (importer)->pdata[0])->line, ==, 4);
  g_assert_nonnull (strstr (((CrmImportReject *) crm_importer_get_rejects (importer)->pdata[0])->message,
                            "Смирнова Ольга"));
  g_assert_cmpuint (counts->n_inserted, ==, 2);
  g_assert_cmpint (counts->batch_id, >, 0);

  /* The values as the model stores them: E.164 phones, the owner by name,
   * the quoted «;» kept inside its cell. */
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.accounts", NULL), ==, 2);
  g_assert_cmpstr (value (fixture, "SELECT phone FROM rapport.accounts WHERE inn = $1", "7736762314"), ==,
                   "+74957801234");
  g_assert_cmpstr (value (fixture, "SELECT full_name FROM rapport.accounts WHERE inn = $1", "7736762314"), ==,
                   "ООО \"Реал сервис\"");
  g_assert_cmpstr (value (fixture,
                          "SELECT e.login FROM rapport.accounts a JOIN rapport.employees e ON e.id = a.owner_id"
                          " WHERE a.name = $1",
                          "Звезда Азии"),
                   ==, "kotova");
  g_assert_cmpstr (value (fixture, "SELECT comments FROM rapport.accounts WHERE name = $1", "Звезда Азии"), ==,
                   "Ключевой клиент; договор № 15/2023");

  /* One batch, its rows, one change and one audit entry per record. */
  batch = g_strdup_printf ("%" G_GINT64_FORMAT, counts->batch_id);
  g_assert_cmpuint (count (fixture, "SELECT n_inserted FROM rapport.import_batches WHERE id = $1", batch), ==, 2);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.import_rows WHERE batch_id = $1 AND op = 'I'", batch),
                    ==, 2);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.changes WHERE table_name = $1 AND op = 'I'",
                           "accounts"),
                    ==, 2);
  g_assert_cmpstr (value (fixture,
                          "SELECT fields->'inn'->>'new' FROM rapport.audit_log a JOIN rapport.accounts t"
                          " ON t.id = a.record_id WHERE a.table_name = 'accounts' AND t.name = $1",
                          "Реал сервис"),
                   ==, "7736762314");
  g_assert_cmpstr (value (fixture,
                          "SELECT source FROM rapport.import_batches WHERE id = $1", batch),
                   ==,
                   "1c-accounts-cp1251.csv");
}

static void
test_suitecrm_vtiger (CrmTestFixture *fixture,
                      gconstpointer   data)
{
  g_autofree char *accounts_path = g_test_build_filename (G_TEST_DIST, "fixtures", "suitecrm-accounts.csv", NULL);
  g_autofree char *contacts_path = g_test_build_filename (G_TEST_DIST, "fixtures", "vtiger-contacts.csv", NULL);
  g_autoptr (GFile) accounts_file = g_file_new_for_path (accounts_path);
  g_autoptr (GFile) contacts_file = g_file_new_for_path (contacts_path);
  g_autoptr (CrmImporter) accounts = NULL;
  g_autoptr (CrmImporter) contacts = NULL;
  guint n_accounts;

  add_employees (fixture);
  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.employees (full_name) VALUES ('Смирнова Ольга'), ('Гусев Павел')");
  accounts = open_importer (fixture, "account", accounts_file);
  g_assert_cmpint (crm_importer_get_delimiter (accounts), ==, ',');
  run_ok (accounts);
  g_assert_cmpuint (crm_importer_get_n_rejected (accounts), ==, 0);
  n_accounts = count (fixture, "SELECT count(*) FROM rapport.accounts", NULL);
  g_assert_cmpuint (n_accounts, ==, crm_importer_get_counts (accounts)->n_inserted);
  g_assert_cmpuint (n_accounts + crm_importer_get_n_rejected (accounts), ==, crm_importer_get_n_rows (accounts));
  g_assert_cmpuint (n_accounts, >, 0);
  /* A quoted cell with a line break stays one cell. */
  g_assert_nonnull (strstr (value (fixture, "SELECT comments FROM rapport.accounts WHERE name = $1", "Звезда Азии"),
                            "\nРаботаем"));

  /* vTiger contacts: "Organization Name" links to the accounts by name. */
  contacts = open_importer (fixture, "contact", contacts_file);
  run_ok (contacts);
  g_assert_cmpuint (crm_importer_get_n_rejected (contacts), ==, 0);
  g_assert_cmpuint (crm_importer_get_counts (contacts)->n_inserted, >, 0);
  g_assert_cmpstr (value (fixture,
                          "SELECT a.name FROM rapport.contacts c JOIN rapport.accounts a ON a.id = c.account_id"
                          " WHERE c.last_name = $1",
                          "Громыхайло"),
                   ==, "Реал сервис");
  g_assert_cmpstr (value (fixture, "SELECT phone_mobile FROM rapport.contacts WHERE last_name = $1", "Громыхайло"), ==,
                   "+79163258798");
  g_assert_cmpstr (value (fixture, "SELECT birthday::text FROM rapport.contacts WHERE last_name = $1", "Громыхайло"),
                   ==, "1975-04-12");
}

/* ---- Bad rows ---- */

static void
test_rejects (CrmTestFixture *fixture,
              gconstpointer   data)
{
  g_autoptr (GFile) file = write_file ("bad.csv",
                                       "Наименование;ИНН;Эл. почта;Телефон;Ответственный\n"
                                       "Хорошая;7707083893;a@b.ru;+7 916 325-87-98;Котова Анна\n"
                                       "Плохой ИНН;7707083894;;;\n"
                                       "Плохая почта;;нет-почты;;\n"
                                       ";;;;\n"
                                       "Лишнее;;;;;сдвиг\n"
                                       "Чужой;;;;Иванов Пётр\n"
                                       "Вторая хорошая;;;8 (495) 123-45-67;belov\n",
                                       TRUE);
  g_autoptr (CrmImporter) importer = NULL;
  g_autofree char *rejects_text = NULL;
  g_autofree char *rejects_utf8 = NULL;
  GPtrArray       *rejects;
  CrmImportReject *r;
  GError          *error = NULL;

  add_employees (fixture);
  importer = open_importer (fixture, "account", file);
  run_ok (importer);

  g_assert_cmpuint (crm_importer_get_n_rows (importer), ==, 7);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_inserted, ==, 2);
  g_assert_cmpuint (crm_importer_get_n_rejected (importer), ==, 5);
  rejects = crm_importer_get_rejects (importer);
  g_assert_cmpuint (rejects->len, ==, 5);

  r = rejects->pdata[0];
  g_assert_cmpuint (r->line, ==, 3);
  g_assert_cmpstr (r->column, ==, "ИНН");
  /* The field is named once ("INN: The INN checksum…" named it twice). */
  g_assert_cmpstr (r->message, ==, "The INN checksum does not match");
  r = rejects->pdata[1];
  g_assert_cmpuint (r->line, ==, 4);
  g_assert_cmpstr (r->column, ==, "Эл. почта");
  g_assert_cmpstr (r->message, ==, "An e-mail address must contain “@”");
  r = rejects->pdata[2];
  g_assert_cmpuint (r->line, ==, 5);
  g_assert_cmpstr (r->column, ==, "Наименование");
  r = rejects->pdata[3];
  g_assert_cmpuint (r->line, ==, 6);
  g_assert_null (r->column);
  r = rejects->pdata[4];
  g_assert_cmpuint (r->line, ==, 7);
  g_assert_cmpstr (r->column, ==, "Ответственный");
  g_assert_nonnull (strstr (r->message, "Иванов Пётр"));

  /* The rejects file: the same encoding and delimiter, each row as it was
   * with its line and reason. */
  g_file_load_contents (crm_importer_get_rejects_file (importer), NULL, &rejects_text, NULL, NULL, &error);
  g_assert_no_error (error);
  rejects_utf8 = g_convert (rejects_text, -1, "UTF-8", "CP1251", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (rejects_utf8, "Наименование;ИНН;Эл. почта;Телефон;Ответственный;Line;Error\r\n"));
  g_assert_nonnull (strstr (rejects_utf8, "\r\nПлохой ИНН;7707083894;;;;3;"));
  g_assert_nonnull (strstr (rejects_utf8, "\r\nЧужой;;;;Иванов Пётр;7;"));

  g_assert_cmpstr (value (fixture, "SELECT phone FROM rapport.accounts WHERE name = $1", "Вторая хорошая"), ==,
                   "+74951234567");
}

static void
test_bad_files (CrmTestFixture *fixture,
                gconstpointer   data)
{
  const CrmRecordType *type = crm_record_type_lookup ("account");
  g_autoptr (GFile) empty = write_file ("empty.csv", "", FALSE);
  g_autoptr (GFile) header_only = write_file ("header.csv", "Наименование;ИНН\r\n", FALSE);
  g_autoptr (GFile) vcard = write_file ("people.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Иван\r\nEND:VCARD\r\n", FALSE);
  g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/file.csv");
  g_autoptr (GFile) no_name = write_file ("noname.csv", "ИНН;Телефон\n7707083893;+79163258798\n", FALSE);
  g_autoptr (CrmImporter) importer = NULL;
  g_autofree char *problem = NULL;
  GError          *error = NULL;

  g_assert_null (crm_importer_new (fixture->store, type, empty, NULL, &error));
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_null (crm_importer_new (fixture->store, type, header_only, NULL, &error));
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "header.csv"));
  g_clear_error (&error);

  g_assert_null (crm_importer_new (fixture->store, type, vcard, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_null (crm_importer_new (fixture->store, type, missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* No column for the name: the importer says so before it runs. */
  importer = crm_importer_new (fixture->store, type, no_name, NULL, &error);
  g_assert_no_error (error);
  problem = crm_importer_check_targets (importer);
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem, ==, "Choose a column for the required field “Name”");
  g_assert_true (crm_importer_apply_map (importer, "ИНН=name", &error));
  g_assert_null (crm_importer_check_targets (importer));
  g_assert_cmpstr (crm_importer_get_target (importer, 0), ==, "name");
  g_assert_false (crm_importer_apply_map (importer, "Нет такой=name", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_false (crm_importer_apply_map (importer, "2=no_such_field", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
}

/* A quote left open near the end: the rows before it were good, but the
 * batch is all or nothing — nothing is in, and the rejects are written. */
static void
test_all_or_nothing (CrmTestFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr (GString) text = g_string_new ("Наименование;ИНН\n");
  g_autoptr (GFile) file = NULL;
  g_autoptr (CrmImporter) importer = NULL;
  GError *error = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "Компания %u;\n", i);
  g_string_append (text, "Плохая;123\n\"Незакрытая;\n");
  file = write_file ("open-quote.csv", text->str, FALSE);

  importer = open_importer (fixture, "account", file);
  g_assert_false (crm_importer_run_sync (importer, NULL, &error));
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_UNTERMINATED);
  g_clear_error (&error);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.accounts", NULL), ==, 0);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.import_batches", NULL), ==, 0);
  g_assert_cmpuint (crm_importer_get_n_rejected (importer), ==, 1);
  g_assert_true (g_file_query_exists (crm_importer_get_rejects_file (importer), NULL));
}

static void
test_cancel (CrmTestFixture *fixture,
             gconstpointer   data)
{
  g_autoptr (GString) text = g_string_new ("Наименование\n");
  g_autoptr (GFile) file = NULL;
  g_autoptr (CrmImporter) importer = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "Компания %u\n", i);
  file = write_file ("big.csv", text->str, FALSE);

  importer = open_importer (fixture, "account", file);
  g_cancellable_cancel (cancellable);
  g_assert_false (crm_importer_run_sync (importer, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.accounts", NULL), ==, 0);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.import_batches", NULL), ==, 0);
}

/* ---- Duplicates ---- */

static const char dup_accounts[] = "Наименование;ИНН;КПП;Город;Телефон\n"
                                   "Альфа (новое имя);7707083893;773601001;Москва;\n"
                                   "Бета;7736762314;;Казань;+7 843 111-22-33\n"
                                   "Бета ещё раз;7736762314;;Самара;\n"
                                   "Гамма;;;Тверь;\n";

static void
seed_accounts (CrmTestFixture *fixture)
{
  crm_test_db_exec (fixture->conn,
                    "INSERT INTO rapport.accounts (name, inn, kpp, city, phone) VALUES"
                    " ('Альфа', '7707083893', '773601001', NULL, '+74950000000'),"
                    " ('Альфа филиал', '7707083893', '771001001', 'Тула', NULL),"
                    " ('Бета', '7736762314', NULL, 'Казань', '+78431112233')");
}

static void
test_duplicates_skip (CrmTestFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr (GFile) file = write_file ("dup.csv", dup_accounts, FALSE);
  g_autoptr (CrmImporter) importer = NULL;
  const CrmImportCounts *counts;

  seed_accounts (fixture);
  importer = open_importer (fixture, "account", file);
  run_ok (importer);
  counts = crm_importer_get_counts (importer);
  g_assert_cmpuint (counts->n_inserted, ==, 1); /* Гамма */
  g_assert_cmpuint (counts->n_skipped, ==, 3);
  g_assert_cmpuint (counts->n_updated, ==, 0);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.accounts", NULL), ==, 4);
  g_assert_cmpstr (value (fixture, "SELECT name FROM rapport.accounts WHERE kpp = $1", "773601001"), ==, "Альфа");
}

static void
test_duplicates_update (CrmTestFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr (GFile) file = write_file ("dup.csv", dup_accounts, FALSE);
  g_autoptr (CrmImporter) importer = NULL;
  const CrmImportCounts *counts;

  seed_accounts (fixture);
  importer = open_importer (fixture, "account", file);
  crm_importer_set_duplicates (importer, CRM_IMPORT_DUPLICATES_UPDATE);
  run_ok (importer);
  counts = crm_importer_get_counts (importer);
  g_assert_cmpuint (counts->n_inserted, ==, 1);
  g_assert_cmpuint (counts->n_updated, ==, 1);   /* Альфа: name and city */
  g_assert_cmpuint (counts->n_unchanged, ==, 1); /* Бета: same values */
  g_assert_cmpuint (counts->n_skipped, ==, 1);   /* Бета ещё раз: repeats line 3 */

  /* INN + KPP picked the head office, not the branch; empty cells kept
   * what was stored (the phone). */
  g_assert_cmpstr (value (fixture, "SELECT name || '|' || city || '|' || phone FROM rapport.accounts WHERE kpp = $1",
                          "773601001"),
                   ==, "Альфа (новое имя)|Москва|+74950000000");
  g_assert_cmpstr (value (fixture, "SELECT name FROM rapport.accounts WHERE kpp = $1", "771001001"), ==,
                   "Альфа филиал");
  g_assert_cmpstr (value (fixture, "SELECT city FROM rapport.accounts WHERE name = $1", "Бета"), ==, "Казань");
  /* The audit trail says what the import changed. */
  g_assert_cmpstr (value (fixture,
                          "SELECT fields->'city'->>'new' FROM rapport.audit_log a JOIN rapport.accounts t"
                          " ON t.id = a.record_id WHERE a.op = 'U' AND t.kpp = $1",
                          "773601001"),
                   ==, "Москва");
}

static void
test_duplicates_create (CrmTestFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr (GFile) file = write_file ("dup.csv", dup_accounts, FALSE);
  g_autoptr (CrmImporter) importer = NULL;

  seed_accounts (fixture);
  importer = open_importer (fixture, "account", file);
  crm_importer_set_duplicates (importer, CRM_IMPORT_DUPLICATES_CREATE);
  run_ok (importer);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_inserted, ==, 4);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.accounts WHERE inn = $1", "7736762314"), ==, 3);
}

static void
test_contacts_match_and_link (CrmTestFixture *fixture,
                              gconstpointer   data)
{
  g_autoptr (GFile) file = write_file ("people.csv",
                                       "ФИО;Организация;ИНН организации;Эл. почта;Мобильный телефон;Должность\n"
                                       "Петров Пётр Петрович;Альфа;;PETROV@alfa.ru;;Директор\n"
                                       "Сидоров Семён;Новая фирма;;;8 916 000-00-01;Менеджер\n"
                                       "Кузнецова Анна;;7736762314;;;Бухгалтер\n"
                                       "Орлов Олег;Новая фирма;;;;Водитель\n"
                                       "Лебедев Лев;;;;+7 916 555-44-33;Инженер\n"
                                       "Без Фирмы;Ещё одна;7701234560;;;\n",
                                       FALSE);
  g_autoptr (CrmImporter) importer = NULL;
  const CrmImportCounts *counts;
  const char            *petrov_before;

  seed_accounts (fixture);
  crm_test_db_exec (fixture->conn,
                    "INSERT INTO rapport.contacts (last_name, first_name, email, phone_mobile, account_id) VALUES"
                    " ('Петров', 'Пётр', 'petrov@alfa.ru', NULL, NULL),"
                    " ('Лебедев', 'Лев', NULL, '+79165554433', NULL)");
  petrov_before = value (fixture, "SELECT id::text FROM rapport.contacts WHERE last_name = $1", "Петров");

  importer = open_importer (fixture, "contact", file);
  g_assert_cmpstr (crm_importer_get_target (importer, 0), ==, "full_name");
  g_assert_cmpstr (crm_importer_get_target (importer, 1), ==, "account_name");
  g_assert_cmpstr (crm_importer_get_target (importer, 2), ==, "account_inn");
  crm_importer_set_duplicates (importer, CRM_IMPORT_DUPLICATES_UPDATE);
  run_ok (importer);
  counts = crm_importer_get_counts (importer);

  g_assert_cmpuint (crm_importer_get_n_rejected (importer), ==, 0);
  g_assert_cmpuint (counts->n_updated, ==, 2);          /* Петров by e-mail, Лебедев by phone */
  g_assert_cmpuint (counts->n_inserted, ==, 4);         /* Сидоров, Кузнецова, Орлов, Без Фирмы */
  g_assert_cmpuint (counts->n_accounts_created, ==, 2); /* «Новая фирма» once, «Ещё одна» with its INN */

  /* Matched by e-mail whatever its case; the patronymic split from ФИО;
   * linked to «Альфа» by name (the first of two with that INN is not
   * involved: the name decides). */
  g_assert_cmpstr (value (fixture, "SELECT middle_name FROM rapport.contacts WHERE id = $1::bigint", petrov_before),
                   ==, "Петрович");
  g_assert_cmpstr (value (fixture,
                          "SELECT a.name FROM rapport.contacts c JOIN rapport.accounts a ON a.id = c.account_id"
                          " WHERE c.id = $1::bigint",
                          petrov_before),
                   ==, "Альфа");
  /* By INN. */
  g_assert_cmpstr (value (fixture,
                          "SELECT a.name FROM rapport.contacts c JOIN rapport.accounts a ON a.id = c.account_id"
                          " WHERE c.last_name = $1",
                          "Кузнецова"),
                   ==, "Бета");
  /* Two rows naming the same new account share it. */
  g_assert_cmpuint (count (fixture,
                           "SELECT count(DISTINCT account_id) FROM rapport.contacts c JOIN rapport.accounts a"
                           " ON a.id = c.account_id WHERE a.name = $1",
                           "Новая фирма"),
                    ==, 1);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.accounts WHERE name = $1", "Новая фирма"), ==, 1);
  g_assert_cmpstr (value (fixture, "SELECT inn FROM rapport.accounts WHERE name = $1", "Ещё одна"), ==, "7701234560");
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.contacts WHERE last_name = $1", "Лебедев"), ==, 1);
  /* Contact search includes the account's name (the row trigger). */
  g_assert_nonnull (strstr (value (fixture, "SELECT search_text FROM rapport.contacts WHERE last_name = $1", "Орлов"),
                            "новая фирма"));
}

/* ---- Search columns ---- */

/* Rows whose search columns differ from what the search triggers of 0001
 * compute from the row. */
static guint
count_bad_search (CrmTestFixture *fixture)
{
  return count (fixture,
                "SELECT (SELECT count(*) FROM rapport.contacts c"
                "  WHERE c.search_name IS DISTINCT FROM rapport.search_norm(concat_ws(' ', c.last_name, c.first_name,"
                "                                                                    c.middle_name))"
                "     OR c.search_text IS DISTINCT FROM rapport.search_norm(concat_ws(' ',"
                "          c.last_name, c.first_name, c.middle_name, c.code, c.city, c.email, c.email2, c.skype,"
                "          rapport.phone_digits(c.phone_mobile), rapport.phone_digits(c.phone_work),"
                "          rapport.phone_digits(c.phone_home), rapport.phone_digits(c.phone_internal),"
                "          (SELECT a.name FROM rapport.accounts a WHERE a.id = c.account_id))))"
                "     + (SELECT count(*) FROM rapport.accounts a"
                "  WHERE a.search_name IS DISTINCT FROM rapport.search_norm(a.name)"
                "     OR a.search_text IS DISTINCT FROM rapport.search_norm(concat_ws(' ',"
                "          a.name, a.full_name, a.code, a.inn, a.ogrn, a.city, a.email, a.email2, a.website,"
                "          rapport.phone_digits(a.phone), rapport.phone_digits(a.phone2))))",
                NULL);
}

/* The import computes search_name and search_text itself and sends them
 * (the search triggers skip such rows, 0005): they must be exactly what
 * the triggers make, for ё, mixed case and alphabets, every kind of white
 * space, phones, and contacts' accounts old and new. Any other INSERT and
 * every UPDATE still goes through the triggers. */
static void
test_search_columns (CrmTestFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr (GFile) accounts = write_file ("search-accounts.csv",
                                           "name;full_name;inn;city;email;website;phone;phone2\n"
                                           "\"ЗАО  «ЁЖИК»\tГрупп\";Закрытое АО «Ёжик Групп»;7701234560;"
                                           "Орёл;INFO@Yozhik.RU;WWW.Yozhik.ru;8 (495) 111-22-33;+7 495 111-22-44 доб. 7\n"
                                           "Ёлка\u00a0Trade LLC;;;\u2003Пермь\u3000;;;;\n",
                                           FALSE);
  g_autoptr (GFile) contacts = write_file ("search-contacts.csv",
                                           "last_name;first_name;middle_name;city;email;phone_mobile;phone_work;skype;"
                                           "account_name;account_inn\n"
                                           "ЁЛКИН;Пётр;Семёнович;Орёл;Pyotr.YOLKIN@Mail.RU;8 916 325-87-98;"
                                           "+7 (495) 123-45-67 доб. 12;yolkin.PETR;;7736762314\n"
                                           "McDonald-Ёжиков;Ivan\u00a0Иван;;\u2003Санкт-Петербург  ;;;;;ООО  «Новая  ЁЛКА»;\n"
                                           "\"Smith\tСмит\";John;;;john@EXAMPLE.com;+44 20 7946 0958;;;;\n"
                                           "Орлов;Олег;;;;;;;ЗАО  «ЁЖИК»\tГрупп;\n",
                                           FALSE);
  g_autoptr (CrmImporter) importer = NULL;

  seed_accounts (fixture);

  importer = open_importer (fixture, "account", accounts);
  run_ok (importer);
  g_assert_cmpuint (crm_importer_get_n_rejected (importer), ==, 0);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_inserted, ==, 2);
  g_clear_object (&importer);

  importer = open_importer (fixture, "contact", contacts);
  run_ok (importer);
  g_assert_cmpuint (crm_importer_get_n_rejected (importer), ==, 0);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_inserted, ==, 4);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_accounts_created, ==, 1);

  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.contacts", NULL), ==, 4);
  g_assert_cmpuint (count_bad_search (fixture), ==, 0);
  /* Spot checks: ё folded, the account's name at the end, phones as digits. */
  g_assert_cmpstr (value (fixture, "SELECT search_name FROM rapport.contacts WHERE first_name = $1", "Пётр"), ==,
                   "елкин петр семенович");
  g_assert_cmpstr (value (fixture, "SELECT search_text FROM rapport.contacts WHERE first_name = $1", "Пётр"), ==,
                   "елкин петр семенович орел pyotr.yolkin@mail.ru yolkin.petr 79163258798 74951234567 бета");
  g_assert_nonnull (strstr (value (fixture, "SELECT search_text FROM rapport.contacts WHERE last_name = $1", "Орлов"),
                            "олег зао «ежик» групп"));

  /* Other INSERTs (no search columns) and UPDATEs go through the trigger:
   * a client's own search_text is overwritten by an UPDATE. */
  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.contacts (last_name, first_name) VALUES ('ЁЖИКОВ', 'Семён')");
  g_assert_cmpstr (value (fixture, "SELECT search_name FROM rapport.contacts WHERE last_name = $1", "ЁЖИКОВ"), ==,
                   "ежиков семен");
  crm_test_db_exec (fixture->conn, "UPDATE rapport.contacts SET search_text = 'forged', search_name = 'forged'"
                                   " WHERE last_name = 'Орлов'");
  crm_test_db_exec (fixture->conn, "UPDATE rapport.accounts SET search_text = 'forged' WHERE name = 'Бета'");
  crm_test_db_exec (fixture->conn, "UPDATE rapport.contacts SET last_name = 'Орлов-Ёлкин' WHERE last_name = 'ЁЛКИН'");
  g_assert_cmpstr (value (fixture, "SELECT search_name FROM rapport.contacts WHERE first_name = $1", "Пётр"), ==,
                   "орлов-елкин петр семенович");
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.contacts WHERE search_text = 'forged'", NULL), ==, 0);
  g_assert_cmpuint (count_bad_search (fixture), ==, 0);
}

/* ---- Undo ---- */

static const char *
snapshot (CrmTestFixture *fixture)
{
  return value (fixture,
                "SELECT string_agg(x::text, E'\\n' ORDER BY x::text) FROM ("
                "  SELECT 'a' || (to_jsonb(a) - ARRAY['version','updated_at','updated_by'])::text AS x"
                "    FROM rapport.accounts a"
                "  UNION ALL"
                "  SELECT 'c' || (to_jsonb(c) - ARRAY['version','updated_at','updated_by'])::text"
                "    FROM rapport.contacts c) s",
                NULL);
}

static void
test_undo (CrmTestFixture *fixture,
           gconstpointer   data)
{
  g_autoptr (GFile) file = write_file ("people.csv",
                                       "Фамилия;Имя;Организация;Эл. почта;Город\n"
                                       "Петров;Пётр;Альфа;petrov@alfa.ru;Москва\n"
                                       "Новиков;Ник;Совсем новая;;Омск\n"
                                       "Зайцев;Захар;;;Тверь\n",
                                       FALSE);
  g_autoptr (CrmImporter) importer = NULL;
  const char         *before;
  const char         *after;
  CrmImportUndoCounts undo = { 0 };
  gint64              batch_id;
  GError             *error = NULL;

  seed_accounts (fixture);
  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.contacts (last_name, first_name, email, city) VALUES"
                                   " ('Петров', 'Пётр', 'petrov@alfa.ru', 'Тула')");
  before = snapshot (fixture);

  importer = open_importer (fixture, "contact", file);
  crm_importer_set_duplicates (importer, CRM_IMPORT_DUPLICATES_UPDATE);
  run_ok (importer);
  batch_id = crm_importer_get_counts (importer)->batch_id;
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_updated, ==, 1);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_inserted, ==, 2);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_accounts_created, ==, 1);
  g_assert_cmpstr (value (fixture, "SELECT city FROM rapport.contacts WHERE last_name = $1", "Петров"), ==, "Москва");

  /* Someone edits one imported contact afterwards: undo keeps it. */
  crm_test_db_exec (fixture->conn, "UPDATE rapport.contacts SET position = 'Водитель' WHERE last_name = 'Зайцев'");

  g_assert_true (crm_importer_undo_sync (fixture->store, batch_id, &undo, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (undo.n_restored, ==, 1);
  g_assert_cmpuint (undo.n_deleted, ==, 2); /* Новиков and «Совсем новая» */
  g_assert_cmpuint (undo.n_kept, ==, 1);

  crm_test_db_exec (fixture->conn, "DELETE FROM rapport.contacts WHERE last_name = 'Зайцев'");
  after = snapshot (fixture);
  g_assert_cmpstr (after, ==, before);

  /* Twice: refused; unknown: not found. */
  g_assert_false (crm_importer_undo_sync (fixture->store, batch_id, &undo, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (crm_importer_undo_sync (fixture->store, 999999, &undo, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

/* ---- Large imports: the indexes built after the rows (0016) ---- */

/* The indexes of accounts and contacts, one "name: definition" line each
 * (@oids: "name oid" instead, which a rebuilt index changes). */
static const char *
index_list (CrmTestFixture *fixture,
            gboolean        oids)
{
  return value (fixture,
                oids ? "SELECT string_agg(c.relname || ' ' || c.oid, E'\\n' ORDER BY c.relname)"
                       "  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                       " WHERE i.indrelid IN ('rapport.accounts'::regclass, 'rapport.contacts'::regclass)"
                     : "SELECT string_agg(c.relname || ': ' || pg_get_indexdef(c.oid), E'\\n' ORDER BY c.relname)"
                       "  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                       " WHERE i.indrelid IN ('rapport.accounts'::regclass, 'rapport.contacts'::regclass)",
                NULL);
}

/* Every import, however small, takes the bulk path. */
static void
bulk_always (PGconn *conn)
{
  crm_test_db_exec (conn, "UPDATE rapport.settings SET value = '1' WHERE key = 'import_bulk_min_rows'");
}

/* @test with every import building the indexes after its rows: the same
 * outcome as row by row (the test's own assertions), the same indexes
 * afterwards, new ones (their oids changed: they were built again), none
 * left aside, and searches that use them find the rows. */
static void
run_bulk (CrmTestFixture *fixture,
          gconstpointer   data,
          void (*test) (CrmTestFixture *, gconstpointer))
{
  const char *definitions = index_list (fixture, FALSE);
  const char *oids = index_list (fixture, TRUE);
  guint       found;

  bulk_always (fixture->conn);
  test (fixture, data);

  g_assert_cmpstr (index_list (fixture, FALSE), ==, definitions);
  g_assert_cmpstr (index_list (fixture, TRUE), !=, oids);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.indexes_aside", NULL), ==, 0);
  /* The trigram index answers as a scan of the table does. */
  crm_test_db_exec (fixture->conn, "SET enable_seqscan = off");
  found = count (fixture, "SELECT count(*) FROM rapport.contacts WHERE search_text LIKE '%' || $1 || '%'", "петр");
  crm_test_db_exec (fixture->conn, "RESET enable_seqscan; SET enable_indexscan = off; SET enable_bitmapscan = off");
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.contacts WHERE search_text LIKE '%' || $1 || '%'",
                           "петр"),
                    ==, found);
  crm_test_db_exec (fixture->conn, "RESET enable_indexscan; RESET enable_bitmapscan");
}

static void
test_bulk_undo (CrmTestFixture *fixture,
                gconstpointer   data)
{
  run_bulk (fixture, data, test_undo);
}

static void
test_bulk_search_columns (CrmTestFixture *fixture,
                          gconstpointer   data)
{
  run_bulk (fixture, data, test_search_columns);
}

static void
test_bulk_match_and_link (CrmTestFixture *fixture,
                          gconstpointer   data)
{
  run_bulk (fixture, data, test_contacts_match_and_link);
}

/* What rapport.set_indexes_aside() does on its own: only when the rows are
 * many (import_bulk_min_rows, a quarter of the table), only on the
 * import's tables, only for someone who may add records; the indexes come
 * back at COMMIT even when nobody asks, and stay as they were on ROLLBACK.
 * A manager's bulk import goes through row-level security like any other. */
static void
test_indexes_aside (CrmTestFixture *fixture,
                    gconstpointer   data)
{
  static const char *const logins[] = { "imp_bulk_mgr", "imp_bulk_ro", NULL };
  const char              *definitions = index_list (fixture, FALSE);
  const char              *oids = index_list (fixture, TRUE);
  g_autoptr (GFile) file = write_file ("bulk-contacts.csv",
                                       "Фамилия;Имя;Организация;ИНН организации;Эл. почта\n"
                                       "Громов;Глеб;Гранит;7707083893;gromov@granit.ru\n"
                                       "Лосева;Лада;Гранит;7707083893;loseva@granit.ru\n"
                                       "Рябов;Роман;Рубин;7736762314;ryabov@rubin.ru\n",
                                       FALSE);
  g_autoptr (CrmImporter) importer = NULL;
  g_autoptr (CrmStore) store = NULL;
  g_autoptr (GError) error = NULL;
  PGconn *ro;

  /* Few rows: left alone (the default is 20,000). */
  g_assert_cmpstr (value (fixture, "SELECT rapport.set_indexes_aside('contacts', $1)", "19999"), ==, "f");
  g_assert_cmpstr (index_list (fixture, TRUE), ==, oids);

  /* Set aside and committed without restore_indexes(): back at COMMIT. */
  crm_test_db_exec (fixture->conn, "BEGIN");
  g_assert_cmpstr (value (fixture, "SELECT rapport.set_indexes_aside('contacts', $1)", "20000"), ==, "t");
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM pg_indexes WHERE tablename = $1", "contacts"), ==, 1);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.indexes_aside", NULL), ==, 11);
  crm_test_db_exec (fixture->conn, "COMMIT");
  g_assert_cmpstr (index_list (fixture, FALSE), ==, definitions);
  g_assert_cmpstr (index_list (fixture, TRUE), !=, oids);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.indexes_aside", NULL), ==, 0);

  /* Rolled back: the very same indexes. */
  oids = index_list (fixture, TRUE);
  crm_test_db_exec (fixture->conn, "BEGIN");
  g_assert_cmpstr (value (fixture, "SELECT rapport.set_indexes_aside('accounts', $1)", "50000"), ==, "t");
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM pg_indexes WHERE tablename = $1", "accounts"), ==, 1);
  crm_test_db_exec (fixture->conn, "ROLLBACK");
  g_assert_cmpstr (index_list (fixture, TRUE), ==, oids);

  /* Not a table the import writes; a setting that is not a number. */
  crm_test_db_refused (fixture->conn, "SELECT rapport.set_indexes_aside($1, 100000)", "employees",
                       "22023");
  crm_test_db_refused (fixture->conn, "SELECT rapport.set_indexes_aside($1, 100000)", "audit_log", "22023");
  g_assert_cmpstr (crm_test_db_refused_constraint (fixture->conn,
                                                   "UPDATE rapport.settings SET value = $1"
                                                   " WHERE key = 'import_bulk_min_rows'",
                                                   "много", "23514"),
                   ==, "settings_import_bulk_min_rows_check");

  /* A read-only user may not; a manager's import takes the bulk path
   * under row-level security: its rows are stamped with its name. */
  crm_test_db_drop_roles (fixture->conn, logins);
  g_free (crm_test_db_add_employee (fixture->conn, "imp_bulk_mgr", "Котова Анна Сергеевна", "manager", NULL));
  g_free (crm_test_db_add_employee (fixture->conn, "imp_bulk_ro", "Лебедева Марина Олеговна", "readonly", NULL));
  ro = crm_test_db_connect_as (fixture->conninfo, "imp_bulk_ro");
  crm_test_db_refused (ro, "SELECT rapport.set_indexes_aside($1, 100000)", "contacts", "42501");
  crm_test_db_refused (ro, "SELECT rapport.restore_indexes_unchecked($1)", "contacts", "42501");
  PQfinish (ro);

  bulk_always (fixture->conn);
  oids = index_list (fixture, TRUE);
  store = crm_test_db_open_store_as (fixture->conninfo, "imp_bulk_mgr");
  importer = crm_importer_new (store, &crm_contact_type, file, NULL, &error);
  g_assert_no_error (error);
  run_ok (importer);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_inserted, ==, 3);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_accounts_created, ==, 2);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.contacts WHERE created_by = $1", "imp_bulk_mgr"),
                    ==, 3);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.accounts WHERE created_by = $1", "imp_bulk_mgr"),
                    ==, 2);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.audit_log WHERE table_name = 'contacts'", NULL), ==,
                    3);
  g_assert_cmpstr (index_list (fixture, FALSE), ==, definitions);
  g_assert_cmpstr (index_list (fixture, TRUE), !=, oids);
  g_clear_object (&importer);
  crm_test_assert_finalized (g_steal_pointer (&store));
  crm_test_db_drop_roles (fixture->conn, logins);
}

static void
undo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async_and_list (CrmTestFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr (GFile) file = write_file ("two.csv", "Наименование\nОдна\nДругая\n", FALSE);
  g_autoptr (CrmImporter) importer = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) batches = NULL;
  CrmImportUndoCounts undo;
  CrmImportBatch     *b;
  guint               n_notify = 0;
  GError             *error = NULL;

  importer = open_importer (fixture, "account", file);
  g_signal_connect_swapped (importer, "notify::progress", G_CALLBACK (g_atomic_int_inc), &n_notify);
  crm_importer_run_async (importer, NULL, undo_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (crm_importer_run_finish (importer, result, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (crm_importer_get_progress (importer), ==, 1.0);
  g_assert_cmpuint (n_notify, >, 0);
  g_clear_object (&result);

  batches = crm_importer_list_batches_sync (fixture->store, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches->len, ==, 1);
  b = batches->pdata[0];
  g_assert_cmpstr (b->table, ==, "accounts");
  g_assert_cmpstr (b->source, ==, "two.csv");
  g_assert_cmpuint (b->n_inserted, ==, 2);
  g_assert_null (b->undone_at);
  g_assert_nonnull (b->at);

  crm_importer_undo_async (fixture->store, b->id, NULL, undo_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (crm_importer_undo_finish (result, &undo, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (undo.n_deleted, ==, 2);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.accounts", NULL), ==, 0);
}

/* ---- vCard and round trip ---- */

static void
test_vcard (CrmTestFixture *fixture,
            gconstpointer   data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "evolution-3.0.vcf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CrmImporter) importer = open_importer (fixture, "contact", file);

  g_assert_cmpint (crm_importer_get_format (importer), ==, CRM_IMPORT_FORMAT_VCARD);
  g_assert_cmpstr (crm_importer_get_target (importer, 0), ==, "last_name");
  run_ok (importer);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_inserted, >, 0);
  g_assert_cmpuint (count (fixture, "SELECT count(*) FROM rapport.contacts", NULL), ==,
                    crm_importer_get_counts (importer)->n_inserted);
}

static void
test_round_trip (CrmTestFixture *fixture,
                 gconstpointer   data)
{
  g_autofree char *out = g_build_filename (folder, "export.csv", NULL);
  g_autoptr (GFile) out_file = g_file_new_for_path (out);
  g_autoptr (CrmExporter) exporter = NULL;
  g_autoptr (CrmImporter) importer = NULL;
  const char *before;
  const char *after;
  CrmQuery   *query;
  GError     *error = NULL;
  const char *sql = "SELECT string_agg(x, E'\\n' ORDER BY x) FROM ("
                    "  SELECT concat_ws('|', name, full_name, inn, kpp, ogrn, phone, email, city, comments,"
                    "                   account_type, confirmed::text) AS x FROM rapport.accounts) s";

  crm_test_db_exec (fixture->conn,
                    "INSERT INTO rapport.accounts (name, full_name, inn, kpp, phone, email, city, comments,"
                    " account_type, confirmed) VALUES"
                    " ('=Формула', 'ООО «Кавычки \"внутри\"»', '7707083893', '773601001', '+74951234567',"
                    "  'info@alfa.ru', 'Москва', E'две\\nстроки; и разделитель', 'client', true),"
                    " ('-Минус', NULL, NULL, NULL, NULL, NULL, 'Тверь', '@упоминание', 'partner', false)");
  before = value (fixture, sql, NULL);

  query = crm_query_new (crm_record_type_lookup ("account"));
  exporter = crm_exporter_new (fixture->store, query);
  crm_exporter_set_encoding (exporter, CRM_CSV_ENCODING_CP1251);
  g_assert_cmpint (crm_exporter_run_sync (exporter, out_file, NULL, &error), ==, 2);
  g_assert_no_error (error);
  crm_query_unref (query);

  crm_test_db_exec (fixture->conn, "DELETE FROM rapport.accounts");
  importer = open_importer (fixture, "account", out_file);
  run_ok (importer);
  g_assert_cmpuint (crm_importer_get_n_rejected (importer), ==, 0);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_inserted, ==, 2);
  after = value (fixture, sql, NULL);
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();
  results = g_ptr_array_new_with_free_func (g_free);
  folder = g_dir_make_tmp ("rapport-import-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", folder, TRUE);

#define ADD(path, func) \
  g_test_add (path, CrmTestFixture, "import", crm_test_fixture_set_up, func, crm_test_fixture_tear_down)
  ADD ("/import/csv/1c-cp1251", test_1c_cp1251);
  ADD ("/import/csv/suitecrm-vtiger", test_suitecrm_vtiger);
  ADD ("/import/rejects", test_rejects);
  ADD ("/import/bad-files", test_bad_files);
  ADD ("/import/all-or-nothing", test_all_or_nothing);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/duplicates/skip", test_duplicates_skip);
  ADD ("/import/duplicates/update", test_duplicates_update);
  ADD ("/import/duplicates/create", test_duplicates_create);
  ADD ("/import/contacts/match-and-link", test_contacts_match_and_link);
  ADD ("/import/search-columns", test_search_columns);
  ADD ("/import/undo", test_undo);
  ADD ("/import/async-and-list", test_async_and_list);
  ADD ("/import/vcard", test_vcard);
  ADD ("/import/round-trip", test_round_trip);
  ADD ("/import/bulk/indexes-aside", test_indexes_aside);
  ADD ("/import/bulk/undo", test_bulk_undo);
  ADD ("/import/bulk/search-columns", test_bulk_search_columns);
  ADD ("/import/bulk/match-and-link", test_bulk_match_and_link);
#undef ADD

  status = g_test_run ();
  {
    g_autoptr (GFile) dir = g_file_new_for_path (folder);
    g_autoptr (GFileEnumerator) e = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
    GFileInfo *info;

    while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
      {
        g_autoptr (GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_rmdir (folder);
  }
  g_free (folder);
  g_ptr_array_unref (results);
  return status;
}
