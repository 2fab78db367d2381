/* bench-csv.c — how fast the CSV reader and writer are
 *
 * Writes a file of N synthetic Russian contacts (default 1,000,000) with
 * CrmCsvWriter, UTF-8 and Windows-1251, then reads each back with
 * CrmCsvReader from the file, and prints rows/s and MB/s for every pass.
 *
 *   bench-csv [--rows N] [--dir FOLDER]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gstdio.h>

#include "crm-csv.h"

static const char *const last_names[] = {
  "Иванов",
  "Смирнова",
  "Кузнецов",
  "Попова",
  "Васильев",
  "Петрова",
  "Соколов",
  "Михайлова",
  "Новиков",
  "Фёдорова",
  "Морозов",
  "Волкова",
  "Алексеев",
  "Лебедева",
  "Семёнов",
  "Егорова",
  "Павлов",
  "Козлова",
};
static const char *const first_names[] = {
  "Александр",
  "Елена",
  "Сергей",
  "Ольга",
  "Дмитрий",
  "Наталья",
  "Андрей",
  "Татьяна",
  "Алексей",
  "Ирина",
};
static const char *const middle_names[] = {
  "Александрович",
  "Сергеевна",
  "Викторович",
  "Игоревна",
  "Дмитриевич",
  "Андреевна",
};
static const char *const cities[] = {
  "Москва",
  "Санкт-Петербург",
  "Новосибирск",
  "Екатеринбург",
  "Казань",
  "Нижний Новгород",
  "Ростов-на-Дону",
};
static const char *const companies[] = {
  "ООО «Звезда Азии»",
  "АО \"Реал сервис\"",
  "ИП Громыхайло И. В.",
  "ООО «Дорога к Морю»",
  "ПАО «Северный ветер»",
};

static gdouble
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (gdouble) G_TIME_SPAN_SECOND;
}

static void
print_figure (const char *what,
              guint       rows,
              goffset     bytes,
              gdouble     seconds)
{
  g_print ("%-28s %9u rows %8.1f MB %7.2f s %10.0f rows/s %7.1f MB/s\n", what, rows, bytes / 1e6, seconds,
           rows / seconds, bytes / 1e6 / seconds);
}

static goffset
write_file (const char    *path,
            CrmCsvEncoding encoding,
            guint          n_rows)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (CrmCsvWriter) writer = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  const char *header[] = { "Фамилия", "Имя", "Отчество", "Моб. телефон", "E-mail", "Город", "Организация", "Комментарий" };
  gint64      start = g_get_monotonic_time ();
  g_autoptr (GFileInfo) info = NULL;
  char phone[32], email[64];

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  writer = crm_csv_writer_new (G_OUTPUT_STREAM (stream), encoding, ';', CRM_CSV_WRITE_DEFAULT);
  crm_csv_writer_write_row (writer, header, G_N_ELEMENTS (header), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_rows; i++)
    {
      const char *row[8];

      g_snprintf (phone, sizeof phone, "+79%09u", g_rand_int_range (rand, 0, 1000000000));
      g_snprintf (email, sizeof email, "user%u@example.ru", i);
      row[0] = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
      row[1] = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      row[2] = middle_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (middle_names))];
      row[3] = phone;
      row[4] = email;
      row[5] = cities[g_rand_int_range (rand, 0, G_N_ELEMENTS (cities))];
      row[6] = companies[g_rand_int_range (rand, 0, G_N_ELEMENTS (companies))];
      row[7] = i % 10 == 0 ? "Звонить после 18:00;\nуточнить адрес доставки" : "";
      if (!crm_csv_writer_write_row (writer, row, G_N_ELEMENTS (row), &error))
        g_error ("%s", error->message);
    }
  if (!crm_csv_writer_close (writer, &error))
    g_error ("%s", error->message);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  print_figure (encoding == CRM_CSV_ENCODING_CP1251 ? "write Windows-1251" : "write UTF-8", n_rows + 1,
                g_file_info_get_size (info), seconds_since (start));
  return g_file_info_get_size (info);
}

static void
read_file (const char *path,
           const char *what,
           guint       expected_rows)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CrmCsvReader) reader = NULL;
  gint64 start = g_get_monotonic_time ();
  guint  rows = 0;
  GStrv  row;

  reader = crm_csv_reader_new (file, NULL, &error);
  if (reader == NULL)
    g_error ("%s", error->message);
  while ((row = crm_csv_reader_next (reader, NULL, &error)) != NULL)
    {
      rows++;
      g_strfreev (row);
    }
  if (error != NULL)
    g_error ("%s", error->message);
  if (rows != expected_rows)
    g_error ("read %u rows, expected %u", rows, expected_rows);

  print_figure (what, rows, crm_csv_reader_get_size (reader), seconds_since (start));
}

int
main (int   argc,
      char *argv[])
{
  gint             n_rows = 1000000;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *utf8 = NULL;
  g_autofree char *cp1251 = NULL;
  g_autoptr (GError) error = NULL;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Rows to generate (1,000,000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the generated files (a temporary one)", "FOLDER" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— CSV reader and writer throughput");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_rows < 1)
    {
      g_printerr ("%s\n", error ? error->message : "--rows must be positive");
      return 2;
    }

  if (dir == NULL)
    {
      tmp = g_dir_make_tmp ("bench-csv-XXXXXX", &error);
      g_assert_no_error (error);
    }
  utf8 = g_build_filename (dir ? dir : tmp, "contacts-utf8.csv", NULL);
  cp1251 = g_build_filename (dir ? dir : tmp, "contacts-cp1251.csv", NULL);

  write_file (utf8, CRM_CSV_ENCODING_UTF8, n_rows);
  write_file (cp1251, CRM_CSV_ENCODING_CP1251, n_rows);
  read_file (utf8, "read UTF-8 (detected)", n_rows + 1);
  read_file (cp1251, "read Windows-1251 (detected)", n_rows + 1);

  if (tmp != NULL)
    {
      g_unlink (utf8);
      g_unlink (cp1251);
      g_rmdir (tmp);
    }
  return 0;
}
