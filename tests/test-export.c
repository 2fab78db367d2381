/* test-export.c — lists to CSV files, read back and compared with the store
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
#include "crm-import-mapping.h"
#include "crm-test-db.h"

#define N_BULK 2500 /* contacts in «Тестоград»: three pages */

/* One database with the demo data for the whole program. */
static char     *conninfo;
static CrmStore *store;
static char     *folder;

static char *
out_path (const char *name)
{
  return g_build_filename (folder, name, NULL);
}

/* Names in @folder: what an export left behind. */
static char *
list_folder (void)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
clear_folder (void)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = out_path (name);

      g_unlink (path);
    }
}

static GArray *
list_ids (const CrmQuery *query)
{
  g_autoptr (GError) error = NULL;
  GArray *ids = crm_store_list_ids_sync (store, query, NULL, &error);

  g_assert_no_error (error);
  return ids;
}

/* Read @path back and check it holds exactly the records of @ids, in that
 * order, with every field of @fields as the store has it. */
static void
assert_file_matches_store (const char          *path,
                           const CrmRecordType *type,
                           GArray              *ids,
                           GStrv                fields,
                           gboolean             raw,
                           CrmCsvEncoding       encoding,
                           char                 delimiter)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = crm_csv_reader_new (file, NULL, &error);
  g_autoptr (GPtrArray) records = NULL;
  g_auto (GStrv) header = NULL;
  guint n_fields = g_strv_length (fields);
  guint n_rows = 0;
  GStrv row;

  g_assert_no_error (error);
  g_assert_cmpint (crm_csv_reader_get_encoding (reader), ==, encoding);
  g_assert_cmpint (crm_csv_reader_get_delimiter (reader), ==, delimiter);

  header = crm_csv_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (header), ==, n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const CrmField *field = crm_record_type_get_field (type, fields[i]);

      g_assert_cmpstr (header[i], ==, raw ? field->name : crm_field_get_label (field));
    }

  records = crm_store_fetch_sync (store, type, (const gint64 *) (gpointer) ids->data, ids->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, ids->len);

  while ((row = crm_csv_reader_next (reader, NULL, &error)) != NULL)
    {
      CrmRecord *record;

      g_assert_cmpuint (n_rows, <, records->len);
      record = records->pdata[n_rows];
      g_assert_cmpuint (g_strv_length (row), ==, n_fields);
      for (guint i = 0; i < n_fields; i++)
        {
          g_autofree char *want = crm_record_dup_text (record, fields[i]);
          const char      *got = raw ? row[i] : crm_csv_unneutralize (row[i]);

          if (g_strcmp0 (got, want ? want : "") != 0)
            g_error ("row %u, %s: “%s” in the file, “%s” in the store", n_rows + 1, fields[i], got, want);
        }
      n_rows++;
      g_strfreev (row);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, ids->len);
}

static char *
file_text (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* ---- Tests ---- */

static void
test_default_fields (void)
{
  g_auto (GStrv) contact = crm_exporter_dup_default_fields (&crm_contact_type);
  g_auto (GStrv) account = crm_exporter_dup_default_fields (&crm_account_type);
  g_autofree char *contact_list = g_strjoinv (",", contact);

  g_assert_cmpstr (contact_list, ==,
                   "id,last_name,first_name,middle_name,code,account_name,position,gender,status,city,"
                   "phone_mobile,phone_work,phone_home,phone_internal,email,email2,skype,messengers,birthday,"
                   "last_contact_at,comments,owner_name,created_at,updated_at");
  g_assert_true (g_strv_contains ((const char *const *) account, "inn"));
  g_assert_true (g_strv_contains ((const char *const *) account, "bank_corr_account"));
  g_assert_false (g_strv_contains ((const char *const *) account, "contact_count"));
  g_assert_false (g_strv_contains ((const char *const *) contact, "account_id"));
  g_assert_false (g_strv_contains ((const char *const *) contact, "full_name"));
}

/* The list as a person sees it: searched, filtered, sorted; labels in the
 * header, formulas neutralised, UTF-8 with BOM and ';'. */
static void
test_query_contacts (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmQuery) everything = crm_query_new (&crm_contact_type);
  g_autoptr (CrmExporter) exporter = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GArray) all = NULL;
  g_autofree char *path = out_path ("contacts.csv");
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;
  g_autofree char *left = NULL;
  gint64           n;

  crm_query_set_search (query, "москв");
  crm_query_set_sort (query, "account_name", TRUE);
  ids = list_ids (query);
  all = list_ids (everything);
  g_assert_cmpuint (ids->len, >, 3);
  g_assert_cmpuint (ids->len, <, all->len);
  g_test_message ("%u of %u contacts match “москв”", ids->len, all->len);

  exporter = crm_exporter_new (store, query);
  fields = crm_exporter_dup_fields (exporter);
  file = g_file_new_for_path (path);
  n = crm_exporter_run_sync (exporter, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, ids->len);
  g_assert_cmpuint (crm_exporter_get_n_done (exporter), ==, ids->len);
  g_assert_cmpuint (crm_exporter_get_n_total (exporter), ==, ids->len);
  g_assert_cmpfloat (crm_exporter_get_progress (exporter), ==, 1.0);

  assert_file_matches_store (path, &crm_contact_type, ids, fields, FALSE, CRM_CSV_ENCODING_UTF8_BOM, ';');

  /* Spreadsheet-safe: phones start with an apostrophe, lines with CRLF. */
  text = file_text (path);
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbfID;Last name;First name;"));
  g_assert_nonnull (strstr (text, ";'+7"));
  g_assert_null (strstr (text, ";+7"));
  g_assert_true (g_str_has_suffix (text, "\r\n"));

  left = list_folder ();
  g_assert_cmpstr (left, ==, "contacts.csv");
  clear_folder ();
}

/* For migrations: column names, nothing neutralised, ',' — and the
 * header maps back to the same fields on import. */
static void
test_raw_accounts (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  g_autoptr (CrmExporter) exporter = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GPtrArray) targets = NULL;
  g_autofree char *path = out_path ("accounts.csv");
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;
  gint64 n;

  crm_query_set_sort (query, "inn", FALSE);
  ids = list_ids (query);
  g_assert_cmpuint (ids->len, >=, 36);

  exporter = crm_exporter_new (store, query);
  crm_exporter_set_raw (exporter, TRUE);
  crm_exporter_set_delimiter (exporter, ',');
  crm_exporter_set_encoding (exporter, CRM_CSV_ENCODING_UTF8);
  fields = crm_exporter_dup_fields (exporter);
  file = g_file_new_for_path (path);
  n = crm_exporter_run_sync (exporter, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, ids->len);

  assert_file_matches_store (path, &crm_account_type, ids, fields, TRUE, CRM_CSV_ENCODING_UTF8, ',');
  text = file_text (path);
  g_assert_true (g_str_has_prefix (text, "id,name,full_name,code,inn,"));
  g_assert_nonnull (strstr (text, ",+7"));
  g_assert_null (strstr (text, ",'+7"));

  /* Every exported column a person can set is suggested as itself. */
  targets = crm_import_mapping_suggest_all (&crm_account_type, (const char *const *) fields);
  for (guint i = 0; fields[i]; i++)
    {
      if (crm_import_mapping_is_target (&crm_account_type, fields[i]))
        g_assert_cmpstr (targets->pdata[i], ==, fields[i]);
      else
        g_assert_null (targets->pdata[i]);
    }
  clear_folder ();
}

/* Selected rows, in the order given; one deleted meanwhile is left out. */
static void
test_ids (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (GArray) all = NULL;
  g_autoptr (GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) present = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (CrmExporter) exporter = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = out_path ("selected.csv");
  g_auto (GStrv) fields = NULL;
  gint64 missing = G_MAXINT32;
  gint64 n;

  crm_query_set_filter (query, "city", "Москва");
  all = list_ids (query);
  g_assert_cmpuint (all->len, >=, 4);
  for (gint i = MIN (all->len, 7) - 1; i >= 0; i -= 2)
    {
      g_array_append_val (chosen, g_array_index (all, gint64, i));
      g_array_append_val (present, g_array_index (all, gint64, i));
      if (i == 3)
        g_array_append_val (chosen, missing);
    }

  exporter = crm_exporter_new_for_ids (store, &crm_contact_type, (const gint64 *) (gpointer) chosen->data,
                                       chosen->len);
  crm_exporter_set_fields (exporter, (const char *const[]){ "id", "full_name", "account_name", "phone_mobile", "birthday", NULL });
  fields = crm_exporter_dup_fields (exporter);
  file = g_file_new_for_path (path);
  n = crm_exporter_run_sync (exporter, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, present->len);
  g_assert_cmpuint (crm_exporter_get_n_total (exporter), ==, chosen->len);

  assert_file_matches_store (path, &crm_contact_type, present, fields, FALSE, CRM_CSV_ENCODING_UTF8_BOM, ';');
  clear_folder ();
}

static void
on_progress_cancel_cb (CrmExporter  *exporter,
                       GParamSpec   *pspec,
                       GCancellable *cancellable)
{
  if (crm_exporter_get_n_done (exporter) >= CRM_EXPORTER_PAGE_SIZE)
    g_cancellable_cancel (cancellable);
}

/* Cancel after the first page: no file, no temporary file, and the file
 * that was there before is untouched. */
static void
test_cancel (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmExporter) exporter = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = out_path ("bulk.csv");
  g_autofree char *other = out_path ("existing.csv");
  g_autofree char *left = NULL;
  g_autofree char *text = NULL;
  gint64           n;

  crm_query_set_filter (query, "city", "Тестоград");
  exporter = crm_exporter_new (store, query);
  g_signal_connect (exporter, "notify::progress", G_CALLBACK (on_progress_cancel_cb), cancellable);

  file = g_file_new_for_path (path);
  n = crm_exporter_run_sync (exporter, file, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (n, ==, -1);
  g_assert_cmpuint (crm_exporter_get_n_done (exporter), ==, CRM_EXPORTER_PAGE_SIZE);
  g_assert_cmpuint (crm_exporter_get_n_total (exporter), ==, N_BULK);
  left = list_folder ();
  g_assert_cmpstr (left, ==, "");
  g_clear_error (&error);
  g_clear_pointer (&left, g_free);

  /* Over an existing file: it stays as it was. */
  g_file_set_contents (other, "old;content\r\n", -1, &error);
  g_assert_no_error (error);
  g_clear_object (&file);
  file = g_file_new_for_path (other);
  g_cancellable_reset (cancellable);
  n = crm_exporter_run_sync (exporter, file, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  text = file_text (other);
  g_assert_cmpstr (text, ==, "old;content\r\n");
  left = list_folder ();
  g_assert_cmpstr (left, ==, "existing.csv");
  g_clear_error (&error);

  /* Not cancelled, the same exporter replaces it. */
  n = crm_exporter_run_sync (exporter, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, N_BULK);
  g_clear_pointer (&text, g_free);
  text = file_text (other);
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbfID;"));
  clear_folder ();
}

typedef struct
{
  gboolean done;
  gint64   n;
  GError  *error;
  guint    n_notifies;
  double   last_progress;
  gboolean progress_went_back;
} AsyncState;

static void
on_progress_cb (CrmExporter *exporter,
                GParamSpec  *pspec,
                AsyncState  *state)
{
  double progress = crm_exporter_get_progress (exporter);

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  if (progress < state->last_progress)
    state->progress_went_back = TRUE;
  state->last_progress = progress;
  state->n_notifies++;
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncState *state = user_data;

  state->n = crm_exporter_run_finish (CRM_EXPORTER (source), result, &state->error);
  state->done = TRUE;
}

/* In a worker thread, progress on the main thread, ending at 1.0. */
static void
test_async (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmExporter) exporter = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autofree char *path = out_path ("async.csv");
  g_auto (GStrv) fields = NULL;
  AsyncState state = { 0 };

  crm_query_set_filter (query, "city", "Тестоград");
  crm_query_set_sort (query, "full_name", FALSE);
  ids = list_ids (query);
  exporter = crm_exporter_new (store, query);
  fields = crm_exporter_dup_fields (exporter);
  g_signal_connect (exporter, "notify::progress", G_CALLBACK (on_progress_cb), &state);
  file = g_file_new_for_path (path);

  crm_exporter_run_async (exporter, file, NULL, on_run_done_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (state.error);
  g_assert_cmpint (state.n, ==, N_BULK);
  g_assert_cmpuint (state.n_notifies, >=, 1);
  g_assert_false (state.progress_went_back);
  g_assert_cmpfloat (crm_exporter_get_progress (exporter), ==, 1.0);
  g_assert_cmpuint (crm_exporter_get_n_done (exporter), ==, N_BULK);
  assert_file_matches_store (path, &crm_contact_type, ids, fields, FALSE, CRM_CSV_ENCODING_UTF8_BOM, ';');
  clear_folder ();
}

/* Windows-1251 for old spreadsheets: the reader detects it and gets the
 * same values; what the code page lacks becomes "?" and is counted. */
static void
test_cp1251 (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmExporter) exporter = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (CrmRecord) polish = NULL;
  g_autoptr (CrmRecord) saved = NULL;
  g_autofree char *path = out_path ("cp1251.csv");
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;
  gint64 n;

  crm_query_set_filter (query, "city", "Москва");
  ids = list_ids (query);
  exporter = crm_exporter_new (store, query);
  crm_exporter_set_encoding (exporter, CRM_CSV_ENCODING_CP1251);
  fields = crm_exporter_dup_fields (exporter);
  file = g_file_new_for_path (path);
  n = crm_exporter_run_sync (exporter, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, ids->len);
  g_assert_cmpuint (crm_exporter_get_n_lossy (exporter), ==, 0);
  assert_file_matches_store (path, &crm_contact_type, ids, fields, FALSE, CRM_CSV_ENCODING_CP1251, ';');
  text = file_text (path);
  /* «Фамилия» in the header: \xd4\xe0\xec\xe8\xeb\xe8\xff — but labels
   * are English in the C locale; the data has Cyrillic for sure. */
  g_assert_false (g_utf8_validate (text, -1, NULL));
  clear_folder ();

  /* A name Windows-1251 cannot spell. */
  polish = CRM_RECORD (crm_contact_new ());
  crm_record_set_string (polish, "last_name", "Łukasiewicz");
  crm_record_set_string (polish, "first_name", "Jan");
  crm_record_set_string (polish, "city", "Варшава");
  saved = crm_store_save_sync (store, polish, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&exporter);
  g_clear_pointer (&query, crm_query_unref);
  query = crm_query_new (&crm_contact_type);
  crm_query_set_filter (query, "city", "Варшава");
  exporter = crm_exporter_new (store, query);
  crm_exporter_set_encoding (exporter, CRM_CSV_ENCODING_CP1251);
  crm_exporter_set_fields (exporter, (const char *const[]){ "last_name", "first_name", "city", NULL });
  n = crm_exporter_run_sync (exporter, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpuint (crm_exporter_get_n_lossy (exporter), ==, 1);
  g_clear_pointer (&text, g_free);
  text = file_text (path);
  g_assert_cmpstr (text, ==, "Last name;First name;City\r\n?ukasiewicz;Jan;\xc2\xe0\xf0\xf8\xe0\xe2\xe0\r\n");
  g_assert_true (crm_store_delete_sync (store, saved, NULL, &error));
  g_assert_no_error (error);
  clear_folder ();
}

static void
test_bad_folder (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  g_autoptr (CrmExporter) exporter = crm_exporter_new (store, query);
  g_autofree char *path = g_build_filename (folder, "no-such-folder", "accounts.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *left = NULL;

  g_assert_cmpint (crm_exporter_run_sync (exporter, file, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  left = list_folder ();
  g_assert_cmpstr (left, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  PGconn *conn;
  int     status;

  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  conninfo = crm_test_db_create ("export");
  store = crm_test_db_open_store (conninfo);
  crm_test_db_load_demo (store);
  conn = crm_test_db_connect (conninfo);
  crm_test_db_exec (conn,
                    "INSERT INTO rapport.contacts (last_name, first_name, city, phone_mobile, email) "
                    "SELECT 'Тестов' || lpad(i::text, 5, '0'), 'Тест', 'Тестоград', "
                    "       '+7916' || lpad(i::text, 7, '0'), 'test' || i || '@example.ru' "
                    "FROM generate_series(1, 2500) i");
  PQfinish (conn);
  folder = g_dir_make_tmp ("test-export-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/export/default-fields", test_default_fields);
  g_test_add_func ("/export/query-contacts", test_query_contacts);
  g_test_add_func ("/export/raw-accounts", test_raw_accounts);
  g_test_add_func ("/export/ids", test_ids);
  g_test_add_func ("/export/cancel", test_cancel);
  g_test_add_func ("/export/async", test_async);
  g_test_add_func ("/export/cp1251", test_cp1251);
  g_test_add_func ("/export/bad-folder", test_bad_folder);

  status = g_test_run ();

  clear_folder ();
  g_rmdir (folder);
  g_free (folder);
  g_clear_object (&store);
  crm_test_db_drop (conninfo);
  g_free (conninfo);
  return status;
}
