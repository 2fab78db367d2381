/* test-csv.c — the CSV reader and writer, and column mapping suggestions
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
#include "crm-csv.h"
#include "crm-import-mapping.h"

/* ---- Helpers ---- */

static CrmCsvReader *
reader_for (const char *data,
            gsize       len,
            GError    **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, len);

  return crm_csv_reader_new_for_bytes (bytes, error);
}

#define READER(literal, error) reader_for (literal, sizeof (literal) - 1, error)

/* Every record, each as its fields joined with "|", records joined with
 * "\n"; line numbers in @lines (optional, "1,2,5"). Asserts no error. */
static char *
read_all (CrmCsvReader *reader,
          char        **lines)
{
  GString *out = g_string_new (NULL);
  GString *nums = g_string_new (NULL);
  GStrv    row;
  guint    line;
  g_autoptr (GError) error = NULL;

  while ((row = crm_csv_reader_next (reader, &line, &error)) != NULL)
    {
      g_autofree char *joined = g_strjoinv ("|", row);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, joined);
      g_string_append_printf (nums, "%s%u", nums->len ? "," : "", line);
      g_strfreev (row);
    }
  g_assert_no_error (error);

  if (lines != NULL)
    *lines = g_string_free (nums, FALSE);
  else
    g_string_free (nums, TRUE);
  return g_string_free (out, FALSE);
}

/* Reads until the end or an error; returns the error. */
static GError *
read_to_error (CrmCsvReader *reader,
               guint        *n_rows)
{
  GError *error = NULL;
  GStrv   row;

  *n_rows = 0;
  while ((row = crm_csv_reader_next (reader, NULL, &error)) != NULL)
    {
      (*n_rows)++;
      g_strfreev (row);
    }
  return error;
}

static GBytes *
write_rows (CrmCsvEncoding     encoding,
            char               delimiter,
            CrmCsvWriteFlags   flags,
            const char *const *cells,
            guint              n_columns,
            guint              n_rows,
            guint             *n_lossy)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (CrmCsvWriter) writer = crm_csv_writer_new (stream, encoding, delimiter, flags);
  g_autoptr (GError) error = NULL;

  for (guint r = 0; r < n_rows; r++)
    {
      g_assert_true (crm_csv_writer_write_row (writer, cells + r * n_columns, n_columns, &error));
      g_assert_no_error (error);
    }
  g_assert_true (crm_csv_writer_close (writer, &error));
  g_assert_no_error (error);
  if (n_lossy != NULL)
    *n_lossy = crm_csv_writer_get_n_lossy (writer);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
assert_bytes (GBytes     *bytes,
              const char *expected,
              gsize       expected_len)
{
  gsize         len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpmem (data, len, expected, expected_len);
}

#define ASSERT_BYTES(bytes, literal) assert_bytes (bytes, literal, sizeof (literal) - 1)

static char *
fixture_path (const char *name)
{
  return g_build_filename (CRM_TEST_FIXTURES, name, NULL);
}

/* ---- Reader: RFC 4180 ---- */

static void
test_reader_rfc4180 (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *all = NULL;

  reader = READER ("name,note,n\r\n"
                   "\"Звезда Азии\",\"a, b\",1\r\n"
                   "\"He said \"\"hi\"\"\",\"two\r\nlines\",2\r\n"
                   "plain,\"lf\nonly\",3\r\n"
                   ",,\r\n"
                   "trailing,delimiter,\r\n"
                   "ragged\r\n"
                   "a,b,c,d,e\r\n"
                   "\"\",\"\"\"\",\"\"\"\"\"\"\r\n"
                   "last,no,newline",
                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_csv_reader_get_delimiter (reader), ==, ',');
  g_assert_cmpint (crm_csv_reader_get_encoding (reader), ==, CRM_CSV_ENCODING_UTF8);

  all = read_all (reader, &lines);
  g_assert_cmpstr (all, ==,
                   "name|note|n\n"
                   "Звезда Азии|a, b|1\n"
                   "He said \"hi\"|two\r\nlines|2\n"
                   "plain|lf\nonly|3\n"
                   "||\n"
                   "trailing|delimiter|\n"
                   "ragged\n"
                   "a|b|c|d|e\n"
                   "|\"|\"\"\n"
                   "last|no|newline");
  /* Records start on these lines: quoted line breaks count. */
  g_assert_cmpstr (lines, ==, "1,2,3,5,7,8,9,10,11,12");

  /* At the end it stays at the end. */
  g_assert_null (crm_csv_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
}

static void
test_reader_ragged_fields (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = READER ("a;b;c\n1\n1;2;3;4\n", &error);
  GStrv row;

  g_assert_no_error (error);
  row = crm_csv_reader_next (reader, NULL, &error);
  g_assert_cmpuint (g_strv_length (row), ==, 3);
  g_strfreev (row);
  row = crm_csv_reader_next (reader, NULL, &error);
  g_assert_cmpuint (g_strv_length (row), ==, 1);
  g_strfreev (row);
  row = crm_csv_reader_next (reader, NULL, &error);
  g_assert_cmpuint (g_strv_length (row), ==, 4);
  g_assert_cmpstr (row[3], ==, "4");
  g_strfreev (row);
}

static void
test_reader_line_ends (void)
{
  const char *const files[] = {
    "a,b\r\n1,\"x\r\ny\"\r\n\r\n2,z\r\n",
    "a,b\n1,\"x\r\ny\"\n\n2,z\n",
    "a,b\r1,\"x\r\ny\"\r\r2,z\r",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CrmCsvReader) reader = reader_for (files[i], strlen (files[i]), &error);
      g_autofree char *lines = NULL;
      g_autofree char *all = NULL;

      g_assert_no_error (error);
      all = read_all (reader, &lines);
      g_assert_cmpstr (all, ==, "a|b\n1|x\r\ny\n2|z");
      g_assert_cmpstr (lines, ==, "1,2,5");
    }
}

static void
test_reader_bom (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = READER ("\xef\xbb\xbf"
                                            "Название;ИНН\r\n"
                                            "Реал сервис;7736762314\r\n",
                                            &error);
  g_autofree char *all = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (crm_csv_reader_get_encoding (reader), ==, CRM_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpint (crm_csv_reader_get_delimiter (reader), ==, ';');
  all = read_all (reader, NULL);
  g_assert_cmpstr (all, ==, "Название|ИНН\nРеал сервис|7736762314");
}

static void
test_reader_cp1251 (void)
{
  g_autoptr (GError) error = NULL;
  /* «Фамилия;Город» / «Иванов;Москва» / «Ёлкина;"Сочи, ул. «Ёлочная» № 1"» */
  g_autoptr (CrmCsvReader) reader = READER ("\xd4\xe0\xec\xe8\xeb\xe8\xff;\xc3\xee\xf0\xee\xe4\r\n"
                                            "\xc8\xe2\xe0\xed\xee\xe2;\xcc\xee\xf1\xea\xe2\xe0\r\n"
                                            "\xa8\xeb\xea\xe8\xed\xe0;\"\xd1\xee\xf7\xe8; \xf3\xeb. \xab\xa8\xeb\xee\xf7\xed\xe0\xff\xbb \xb9 1\"\r\n",
                                            &error);
  g_autofree char *all = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (crm_csv_reader_get_encoding (reader), ==, CRM_CSV_ENCODING_CP1251);
  g_assert_cmpint (crm_csv_reader_get_delimiter (reader), ==, ';');
  all = read_all (reader, NULL);
  g_assert_cmpstr (all, ==, "Фамилия|Город\nИванов|Москва\nЁлкина|Сочи; ул. «Ёлочная» № 1");
}

static void
test_reader_delimiters (void)
{
  const struct
  {
    const char *text;
    char        delimiter;
    const char *first_row;
  } cases[] = {
    { "a;b;c\n1;2;3\n", ';', "a|b|c" },
    { "a,b,c\n1,2,3\n", ',', "a|b|c" },
    { "a\tb\tc\n1\t2\t3\n", '\t', "a|b|c" },
    /* Decimal commas do not fool it: ';' is the consistent one. */
    { "Название;Сумма;Город\nА;1,5;Москва\nБ;2;Тверь\nВ;3,25;Сочи\n", ';', "Название|Сумма|Город" },
    /* Semicolons inside quotes do not count. */
    { "name,note\n\"a\",\"x; y; z\"\n\"b\",\"w;v\"\n", ',', "name|note" },
    /* Commas in text, tabs between columns. */
    { "Имя\tКомментарий\nА\tодин, два, три\nБ\tчетыре\n", '\t', "Имя|Комментарий" },
    /* Excel's "sep=" line says it and is not a row. */
    { "sep=,\r\na;b,c\r\n", ',', "a;b|c" },
    /* One column: nothing to go by; any choice reads it. */
    { "name\nАльфа\nБета\n", ',', "name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CrmCsvReader) reader = reader_for (cases[i].text, strlen (cases[i].text), &error);
      GStrv            row;
      g_autofree char *joined = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (crm_csv_reader_get_delimiter (reader), ==, cases[i].delimiter);
      row = crm_csv_reader_next (reader, NULL, &error);
      g_assert_no_error (error);
      joined = g_strjoinv ("|", row);
      g_assert_cmpstr (joined, ==, cases[i].first_row);
      g_strfreev (row);
    }
}

static void
test_reader_override (void)
{
  g_autoptr (GError) error = NULL;
  /* Windows-1251 «Иванов;Москва» with a line of plain ASCII first. */
  g_autoptr (CrmCsvReader) reader = READER ("last;city\r\nPetrov;Tver\r\n"
                                            "\xc8\xe2\xe0\xed\xee\xe2;\xcc\xee\xf1\xea\xe2\xe0\r\n",
                                            &error);
  g_autofree char *all = NULL;
  guint            n_rows;

  g_assert_no_error (error);
  g_assert_cmpint (crm_csv_reader_get_encoding (reader), ==, CRM_CSV_ENCODING_CP1251);

  /* A wrong choice of UTF-8 fails on the line with the bad bytes. */
  g_assert_true (crm_csv_reader_set_encoding (reader, CRM_CSV_ENCODING_UTF8, &error));
  g_assert_no_error (error);
  error = read_to_error (reader, &n_rows);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "Line 3"));
  g_assert_cmpuint (n_rows, ==, 2);
  g_clear_error (&error);

  /* Going back rewinds to the first row. */
  g_assert_true (crm_csv_reader_set_encoding (reader, CRM_CSV_ENCODING_AUTO, &error));
  g_assert_cmpint (crm_csv_reader_get_encoding (reader), ==, CRM_CSV_ENCODING_CP1251);
  all = read_all (reader, NULL);
  g_assert_cmpstr (all, ==, "last|city\nPetrov|Tver\nИванов|Москва");
  g_clear_pointer (&all, g_free);

  /* A delimiter the file does not use gives one field per line. */
  g_assert_true (crm_csv_reader_set_delimiter (reader, ',', &error));
  all = read_all (reader, NULL);
  g_assert_cmpstr (all, ==, "last;city\nPetrov;Tver\nИванов;Москва");

  g_assert_false (crm_csv_reader_set_delimiter (reader, '"', &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_reader_override_utf8_as_cp1251 (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = READER ("Город\nМосква\n", &error);
  g_autofree char *all = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (crm_csv_reader_get_encoding (reader), ==, CRM_CSV_ENCODING_UTF8);
  g_assert_true (crm_csv_reader_set_encoding (reader, CRM_CSV_ENCODING_CP1251, &error));
  g_assert_no_error (error);
  all = read_all (reader, NULL);
  /* What a wrong guess looks like in the preview: the person sees it. */
  g_assert_cmpstr (all, ==, "Р“РѕСЂРѕРґ\nРњРѕСЃРєРІР°");
}

static void
test_reader_unterminated (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = READER ("a,b\n1,2\n3,\"open\n4,5\n6,7\n", &error);
  guint n_rows;

  g_assert_no_error (error);
  error = read_to_error (reader, &n_rows);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_UNTERMINATED);
  g_assert_nonnull (strstr (error->message, "Line 3"));
  g_assert_cmpuint (n_rows, ==, 2);
  g_clear_error (&error);

  /* It keeps saying so. */
  g_assert_null (crm_csv_reader_next (reader, NULL, &error));
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_UNTERMINATED);
}

static void
test_reader_long_fields (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new ("id;comment\n1;");
  g_autoptr (CrmCsvReader) reader = NULL;
  GStrv row;
  guint n_rows;

  /* 10,000 characters (Cyrillic: 20,000 bytes), plain and quoted. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "ж");
  g_string_append (text, "\n2;\"");
  for (guint i = 0; i < 10000; i++)
    g_string_append (text, i % 100 == 99 ? "\n" : "я");
  g_string_append (text, "\"\n");

  reader = reader_for (text->str, text->len, &error);
  g_assert_no_error (error);
  g_strfreev (crm_csv_reader_next (reader, NULL, &error));
  row = crm_csv_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_utf8_strlen (row[1], -1), ==, 10000);
  g_strfreev (row);
  row = crm_csv_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_utf8_strlen (row[1], -1), ==, 10000);
  g_strfreev (row);
  g_clear_pointer (&reader, crm_csv_reader_free);

  /* Over the limit: TOO_LONG, naming line and column. */
  g_string_assign (text, "id;comment\n1;ok\n2;");
  for (guint i = 0; i <= CRM_CSV_MAX_FIELD; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\n3;ok\n");
  reader = reader_for (text->str, text->len, &error);
  g_assert_no_error (error);
  error = read_to_error (reader, &n_rows);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "Line 3, column 2"));
  g_assert_cmpuint (n_rows, ==, 2);
  g_clear_error (&error);
  g_clear_pointer (&reader, crm_csv_reader_free);

  /* A quote left open before a megabyte of lines is a missing quote. */
  g_string_assign (text, "id;comment\n1;\"open\n");
  while (text->len <= CRM_CSV_MAX_FIELD + 100)
    g_string_append (text, "2;more text on a line\n");
  reader = reader_for (text->str, text->len, &error);
  g_assert_no_error (error);
  error = read_to_error (reader, &n_rows);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_UNTERMINATED);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_assert_cmpuint (n_rows, ==, 1);
}

static void
test_reader_many_columns (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new ("a;b\n");
  g_autoptr (CrmCsvReader) reader = NULL;
  GStrv row;
  guint n_rows;

  /* As many columns as Excel has: fine. */
  for (guint i = 1; i < CRM_CSV_MAX_COLUMNS; i++)
    g_string_append_c (text, ';');
  g_string_append_c (text, '\n');
  reader = reader_for (text->str, text->len, &error);
  g_assert_no_error (error);
  g_strfreev (crm_csv_reader_next (reader, NULL, &error));
  row = crm_csv_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (row), ==, CRM_CSV_MAX_COLUMNS);
  g_strfreev (row);
  g_clear_pointer (&reader, crm_csv_reader_free);

  /* One more is too many (a runaway line, not a table). */
  g_string_insert_c (text, text->len - 1, ';');
  reader = reader_for (text->str, text->len, &error);
  g_assert_no_error (error);
  error = read_to_error (reader, &n_rows);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_assert_cmpuint (n_rows, ==, 1);
}

static void
test_reader_empty (void)
{
#define CASE(literal)             \
  {                               \
    literal, sizeof (literal) - 1 \
  }
  const struct
  {
    const char *data;
    gsize       len;
  } empties[] = {
    CASE (""),
    CASE ("\xef\xbb\xbf"),
    CASE ("\r\n\r\n\n"),
    CASE ("\xef\xbb\xbf  \r\n\t\r\n"),
  };
#undef CASE

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CrmCsvReader) reader = reader_for (empties[i].data, empties[i].len, &error);

      g_assert_null (reader);
      g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_EMPTY);
    }
}

static void
test_reader_header_only (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = READER ("Фамилия;Имя;Телефон\r\n\r\n", &error);
  GStrv row;

  g_assert_no_error (error);
  row = crm_csv_reader_next (reader, NULL, &error);
  g_assert_cmpuint (g_strv_length (row), ==, 3);
  g_strfreev (row);
  g_assert_null (crm_csv_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
}

static void
test_reader_binary (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = NULL;
  g_autoptr (GString) text = NULL;
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  static const char utf16[] = "\xff\xfe"
                              "a\0,\0b\0\r\0\n\0";
  guint             n_rows;

  reader = reader_for (png, sizeof png - 1, &error);
  g_assert_null (reader);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_BINARY);
  g_clear_error (&error);

  reader = reader_for (utf16, sizeof utf16 - 1, &error);
  g_assert_null (reader);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "UTF-16"));
  g_clear_error (&error);

  /* A NUL after the first 64 KB: found when reading, with its line. */
  text = g_string_new ("a,b\n");
  for (guint i = 2; i <= 10000; i++)
    g_string_append_printf (text, "%u,значение\n", i);
  g_string_append_len (text, "x,\0\0\0\n", 6);
  reader = reader_for (text->str, text->len, &error);
  g_assert_no_error (error);
  error = read_to_error (reader, &n_rows);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "Line 10001"));
  g_assert_cmpuint (n_rows, ==, 10000);
}

static void
test_reader_encoding_error_line (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new ("id;name\n");
  g_autoptr (CrmCsvReader) reader = NULL;
  guint n_rows;

  /* Valid UTF-8 for 100 KB, then a Windows-1251 «Иванов» on line 5002. */
  for (guint i = 1; i <= 5000; i++)
    g_string_append_printf (text, "%u;Петров Пётр\n", i);
  g_string_append (text, "5001;\"Сидоров\nмногострочный\"\n5002;\xc8\xe2\xe0\xed\xee\xe2\n");
  reader = reader_for (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_csv_reader_get_encoding (reader), ==, CRM_CSV_ENCODING_UTF8);
  error = read_to_error (reader, &n_rows);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "Line 5004"));
  g_assert_cmpuint (n_rows, ==, 5002);
}

/* Random cells with every awkward thing, written by the writer across
 * many 256 KB chunks, read back exactly. */
static void
test_reader_round_trip_chunks (void)
{
  static const char *const pieces[] = {
    "Иванов",
    "ё",
    "日本",
    "😀",
    "\"",
    "\"\"",
    ";",
    ",",
    "\t",
    "\r\n",
    "\n",
    "\r",
    " ",
    "a",
    "=1+2",
    "+7 916",
  };
  const CrmCsvEncoding encodings[] = { CRM_CSV_ENCODING_UTF8, CRM_CSV_ENCODING_UTF8_BOM };
  const guint          n_columns = 5, n_rows = 20000;
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GRand) rand = g_rand_new_with_seed (4180);

  for (guint i = 0; i < n_columns * n_rows; i++)
    {
      GString *cell = g_string_new (NULL);
      guint    n = g_rand_int_range (rand, 0, 12);

      for (guint k = 0; k < n; k++)
        g_string_append (cell, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      g_ptr_array_add (cells, g_string_free (cell, FALSE));
    }

  for (guint e = 0; e < G_N_ELEMENTS (encodings); e++)
    {
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (CrmCsvReader) reader = NULL;
      g_autoptr (GError) error = NULL;
      guint row_index = 0;
      GStrv row;

      bytes = write_rows (encodings[e], ';', CRM_CSV_WRITE_RAW, (const char *const *) cells->pdata, n_columns,
                          n_rows, NULL);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 1024 * 1024);
      reader = crm_csv_reader_new_for_bytes (bytes, &error);
      g_assert_no_error (error);
      g_assert_cmpint (crm_csv_reader_get_encoding (reader), ==, encodings[e]);
      crm_csv_reader_set_delimiter (reader, ';', &error);
      g_assert_no_error (error);

      while ((row = crm_csv_reader_next (reader, NULL, &error)) != NULL)
        {
          const char *const *expected = (const char *const *) cells->pdata + row_index * n_columns;

          /* A row of empty cells is a line of delimiters: still a row. */
          g_assert_cmpuint (g_strv_length (row), ==, n_columns);
          for (guint c = 0; c < n_columns; c++)
            g_assert_cmpstr (row[c], ==, expected[c]);
          g_strfreev (row);
          row_index++;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (row_index, ==, n_rows);
      g_assert_cmpint (crm_csv_reader_get_position (reader), ==, crm_csv_reader_get_size (reader));
    }
}

/* ---- Reader: files ---- */

static char *
write_temp_file (const char *data,
                 gsize       len)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int   fd = g_file_open_tmp ("test-csv-XXXXXX.csv", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static GString *
big_text (guint n_rows)
{
  GString *text = g_string_new ("Фамилия;Имя;Телефон\r\n");

  for (guint i = 1; i <= n_rows; i++)
    g_string_append_printf (text, "Фамилия%06u;Имя;+7916%07u\r\n", i, i);
  return text;
}

static void
test_reader_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = big_text (20000);
  g_autofree char *path = write_temp_file (text->str, text->len);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CrmCsvReader) reader = crm_csv_reader_new (file, NULL, &error);
  guint n_rows;

  g_assert_no_error (error);
  g_assert_cmpint (crm_csv_reader_get_size (reader), ==, text->len);
  g_assert_cmpint (crm_csv_reader_get_position (reader), ==, 0);
  error = read_to_error (reader, &n_rows);
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 20001);
  g_assert_cmpint (crm_csv_reader_get_position (reader), ==, text->len);
  g_unlink (path);
}

static void
test_reader_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path ("/nonexistent/folder/contacts.csv");
  g_autoptr (CrmCsvReader) reader = crm_csv_reader_new (file, NULL, &error);

  g_assert_null (reader);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_reader_file_vanishes (void)
{
  g_autoptr (GString) text = big_text (60000); /* ~2 MB: several chunks */
  g_autofree char *path = write_temp_file (text->str, text->len);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = crm_csv_reader_new (file, NULL, &error);
  guint n_rows;

  g_assert_no_error (error);
  g_strfreev (crm_csv_reader_next (reader, NULL, &error));
  g_assert_cmpint (g_unlink (path), ==, 0);

  error = read_to_error (reader, &n_rows);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_IO);
  g_assert_cmpuint (n_rows, <, 60000);
}

static void
test_reader_file_shrinks (void)
{
  g_autoptr (GString) text = big_text (60000);
  g_autofree char *path = write_temp_file (text->str, text->len);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = crm_csv_reader_new (file, NULL, &error);
  guint n_rows;

  g_assert_no_error (error);
  g_strfreev (crm_csv_reader_next (reader, NULL, &error));
  g_assert_cmpint (truncate (path, text->len / 2), ==, 0);

  error = read_to_error (reader, &n_rows);
  g_assert_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_IO);
  g_assert_cmpuint (n_rows, <, 60000);
  g_unlink (path);
}

/* ---- Writer ---- */

static void
test_writer_quoting (void)
{
  const char *cells[] = {
    "plain",
    "with;delimiter",
    "with \"quotes\"",
    "two\nlines",
    "cr\rlf",
    NULL,
    "",
    "Звезда Азии",
    "with,comma",
  };
  g_autoptr (GBytes) bytes = write_rows (CRM_CSV_ENCODING_UTF8, ';', CRM_CSV_WRITE_DEFAULT, cells,
                                         G_N_ELEMENTS (cells), 1, NULL);

  ASSERT_BYTES (bytes, "plain;\"with;delimiter\";\"with \"\"quotes\"\"\";\"two\nlines\";\"cr\rlf\";;;"
                       "Звезда Азии;with,comma\r\n");
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = write_rows (CRM_CSV_ENCODING_UTF8, ',', CRM_CSV_WRITE_DEFAULT, cells, G_N_ELEMENTS (cells), 1, NULL);
  ASSERT_BYTES (bytes, "plain,with;delimiter,\"with \"\"quotes\"\"\",\"two\nlines\",\"cr\rlf\",,,"
                       "Звезда Азии,\"with,comma\"\r\n");
}

static void
test_writer_bom (void)
{
  const char *cells[] = { "Имя", "Город", "Анна", "Тверь" };
  g_autoptr (GBytes) bytes = write_rows (CRM_CSV_ENCODING_UTF8_BOM, ';', 0, cells, 2, 2, NULL);
  g_autoptr (GBytes) empty = write_rows (CRM_CSV_ENCODING_UTF8_BOM, ';', 0, cells, 2, 0, NULL);
  g_autoptr (GBytes) plain = write_rows (CRM_CSV_ENCODING_UTF8, ';', 0, cells, 2, 2, NULL);

  ASSERT_BYTES (bytes, "\xef\xbb\xbfИмя;Город\r\nАнна;Тверь\r\n");
  ASSERT_BYTES (empty, "\xef\xbb\xbf");
  ASSERT_BYTES (plain, "Имя;Город\r\nАнна;Тверь\r\n");
}

static void
test_writer_cp1251 (void)
{
  const char *cells[] = {
    "Фамилия",
    "Адрес",
    "Комментарий",
    "Ёлкина",
    "г. Сочи, ул. «Ёлочная», № 1",
    "ИП — только безнал",
    "Иванов",
    "Москва",
    "",
  };
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (CrmCsvReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *all = NULL;
  guint            n_lossy = 99;

  bytes = write_rows (CRM_CSV_ENCODING_CP1251, ';', 0, cells, 3, 3, &n_lossy);
  g_assert_cmpuint (n_lossy, ==, 0);
  /* Иванов is \xc8\xe2\xe0\xed\xee\xe2 in Windows-1251. */
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  "\r\n\xc8\xe2\xe0\xed\xee\xe2;\xcc\xee\xf1\xea\xe2\xe0;\r\n"));

  reader = crm_csv_reader_new_for_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_csv_reader_get_encoding (reader), ==, CRM_CSV_ENCODING_CP1251);
  all = read_all (reader, NULL);
  g_assert_cmpstr (all, ==,
                   "Фамилия|Адрес|Комментарий\n"
                   "Ёлкина|г. Сочи, ул. «Ёлочная», № 1|ИП — только безнал\n"
                   "Иванов|Москва|");
}

static void
test_writer_cp1251_lossy (void)
{
  const char *cells[] = { "Tōkyō 東京", "Ёж 😀", "ok" };
  g_autoptr (GBytes) bytes = NULL;
  guint n_lossy = 0;

  bytes = write_rows (CRM_CSV_ENCODING_CP1251, ';', 0, cells, 3, 1, &n_lossy);
  ASSERT_BYTES (bytes, "T?ky? ??;\xa8\xe6 ?;ok\r\n");
  g_assert_cmpuint (n_lossy, ==, 5);
}

static void
test_writer_neutralize (void)
{
  const char *cells[] = {
    "=SUM(A1:A2)",
    "+7 916 325-87-98",
    "-5",
    "@cmd",
    "\tx",
    "\rx",
    "a=b",
    "'=x",
    "'plain",
    "",
  };
  g_autoptr (GBytes) safe = write_rows (CRM_CSV_ENCODING_UTF8, ';', CRM_CSV_WRITE_DEFAULT, cells,
                                        G_N_ELEMENTS (cells), 1, NULL);
  g_autoptr (GBytes) raw = write_rows (CRM_CSV_ENCODING_UTF8, ';', CRM_CSV_WRITE_RAW, cells,
                                       G_N_ELEMENTS (cells), 1, NULL);
  g_autoptr (CrmCsvReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  GStrv row;

  ASSERT_BYTES (safe, "'=SUM(A1:A2);'+7 916 325-87-98;'-5;'@cmd;'\tx;\"'\rx\";a=b;''=x;'plain;\r\n");
  ASSERT_BYTES (raw, "=SUM(A1:A2);+7 916 325-87-98;-5;@cmd;\tx;\"\rx\";a=b;'=x;'plain;\r\n");

  /* An importer that unneutralises gets every cell back exactly. */
  reader = crm_csv_reader_new_for_bytes (safe, &error);
  g_assert_no_error (error);
  g_assert_true (crm_csv_reader_set_delimiter (reader, ';', &error));
  row = crm_csv_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (row), ==, G_N_ELEMENTS (cells));
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    g_assert_cmpstr (crm_csv_unneutralize (row[i]), ==, cells[i]);
  g_strfreev (row);

  g_assert_null (crm_csv_neutralize (NULL));
  g_assert_null (crm_csv_unneutralize (NULL));
  {
    g_autofree char *plain = crm_csv_neutralize ("Реал сервис");
    g_autofree char *minus = crm_csv_neutralize ("-5");

    g_assert_cmpstr (plain, ==, "Реал сервис");
    g_assert_cmpstr (minus, ==, "'-5");
  }
}

static void
test_encoding_names (void)
{
  CrmCsvEncoding encoding = CRM_CSV_ENCODING_AUTO;

  g_assert_true (crm_csv_encoding_from_string ("Windows-1251", &encoding));
  g_assert_cmpint (encoding, ==, CRM_CSV_ENCODING_CP1251);
  g_assert_true (crm_csv_encoding_from_string ("UTF-8-BOM", &encoding));
  g_assert_cmpint (encoding, ==, CRM_CSV_ENCODING_UTF8_BOM);
  g_assert_false (crm_csv_encoding_from_string ("koi8-r", &encoding));
  for (CrmCsvEncoding e = CRM_CSV_ENCODING_AUTO; e <= CRM_CSV_ENCODING_CP1251; e++)
    {
      g_assert_true (crm_csv_encoding_from_string (crm_csv_encoding_to_string (e), &encoding));
      g_assert_cmpint (encoding, ==, e);
      g_assert_nonnull (crm_csv_encoding_get_label (e));
    }
}

/* ---- Mapping ---- */

static GStrv
read_header (const char     *fixture,
             CrmCsvEncoding *encoding,
             char           *delimiter,
             guint          *n_rows)
{
  g_autofree char *path = fixture_path (fixture);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmCsvReader) reader = crm_csv_reader_new (file, NULL, &error);
  GStrv header, row;
  guint width;

  g_assert_no_error (error);
  *encoding = crm_csv_reader_get_encoding (reader);
  *delimiter = crm_csv_reader_get_delimiter (reader);
  header = crm_csv_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  width = g_strv_length (header);
  *n_rows = 0;
  while ((row = crm_csv_reader_next (reader, NULL, &error)) != NULL)
    {
      g_assert_cmpuint (g_strv_length (row), ==, width);
      (*n_rows)++;
      g_strfreev (row);
    }
  g_assert_no_error (error);
  return header;
}

static void
assert_mapping (const CrmRecordType *type,
                GStrv                header,
                const char *const   *expected) /* header, target pairs */
{
  g_autoptr (GPtrArray) targets = crm_import_mapping_suggest_all (type, (const char *const *) header);
  guint n = 0;

  g_assert_cmpuint (targets->len, ==, g_strv_length (header));
  for (guint i = 0; header[i]; i++)
    {
      const char *want = NULL;

      for (guint k = 0; expected[k]; k += 2)
        if (g_str_equal (expected[k], header[i]))
          want = expected[k + 1];
      if (g_strcmp0 (targets->pdata[i], want) != 0)
        g_error ("“%s” maps to %s, expected %s", header[i], (char *) targets->pdata[i], want);
      if (want != NULL)
        n++;
    }
  /* Every expected pair was in the header. */
  g_assert_cmpuint (n * 2, ==, g_strv_length ((char **) expected));
}

static void
test_mapping_suitecrm_accounts (void)
{
  static const char *const expected[] = {
    "Name", "name",
    "Description", "comments",
    "Assigned User Name", "owner_name",
    "Type", "account_type",
    "Industry", "industry",
    "Annual Revenue", "annual_revenue",
    "Billing Street", "legal_address",
    "Billing City", "city",
    "Billing State", "region",
    "Phone Office", "phone",
    "Phone Alternate", "phone2",
    "Website", "website",
    "Shipping Street", "actual_address",
    "Email Address", "email",
    "ИНН", "inn",
    "КПП", "kpp",
    NULL
  };
  CrmCsvEncoding encoding;
  char           delimiter;
  guint          n_rows;
  g_auto (GStrv) header = read_header ("suitecrm-accounts.csv", &encoding, &delimiter, &n_rows);

  g_assert_cmpint (encoding, ==, CRM_CSV_ENCODING_UTF8);
  g_assert_cmpint (delimiter, ==, ',');
  g_assert_cmpuint (n_rows, ==, 6);
  g_assert_cmpstr (header[0], ==, "ID");
  /* "ID" (theirs, a UUID), "Shipping City" (city is taken by "Billing
   * City"), "Date Created"…: nothing. */
  assert_mapping (&crm_account_type, header, expected);
}

static void
test_mapping_vtiger_contacts (void)
{
  static const char *const expected[] = {
    "First Name", "first_name",
    "Last Name", "last_name",
    "Contact Id", "code",
    "Office Phone", "phone_work",
    "Organization Name", "account_name",
    "Mobile", "phone_mobile",
    "Home Phone", "phone_home",
    "Title", "position",
    "Email", "email",
    "Birthdate", "birthday",
    "Secondary Email", "email2",
    "Assigned To", "owner_name",
    "Mailing City", "city",
    "Description", "comments",
    NULL
  };
  CrmCsvEncoding encoding;
  char           delimiter;
  guint          n_rows;
  g_auto (GStrv) header = read_header ("vtiger-contacts.csv", &encoding, &delimiter, &n_rows);

  g_assert_cmpint (encoding, ==, CRM_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpint (delimiter, ==, ',');
  g_assert_cmpuint (n_rows, ==, 5);
  g_assert_cmpstr (header[0], ==, "Salutation");
  assert_mapping (&crm_contact_type, header, expected);
}

static void
test_mapping_1c_cp1251 (void)
{
  static const char *const expected[] = {
    "Наименование", "name",
    "Полное наименование", "full_name",
    "ИНН", "inn",
    "КПП", "kpp",
    "ОГРН", "ogrn",
    "Телефон", "phone",
    "Эл. почта", "email",
    "Факт. адрес - город", "city",
    "Юридический адрес", "legal_address",
    "Ответственный", "owner_name",
    "Комментарий", "comments",
    NULL
  };
  CrmCsvEncoding encoding;
  char           delimiter;
  guint          n_rows;
  g_auto (GStrv) header = read_header ("1c-accounts-cp1251.csv", &encoding, &delimiter, &n_rows);

  g_assert_cmpint (encoding, ==, CRM_CSV_ENCODING_CP1251);
  g_assert_cmpint (delimiter, ==, ';');
  g_assert_cmpuint (n_rows, ==, 3);
  assert_mapping (&crm_account_type, header, expected);
}

static void
test_mapping_headers (void)
{
  const struct
  {
    const CrmRecordType *type;
    const char          *header;
    const char          *target;
  } cases[] = {
    /* Column names and labels */
    { &crm_account_type, "inn", "inn" },
    { &crm_account_type, "BANK_BIK", "bank_bik" },
    { &crm_contact_type, "last_name", "last_name" },
    { &crm_contact_type, "Last name", "last_name" },
    { &crm_contact_type, "Mobile phone", "phone_mobile" },
    { &crm_account_type, "Settlement account", "bank_account" },
    /* Russian headers, however spelled */
    { &crm_account_type, "Название", "name" },
    { &crm_account_type, "НАИМЕНОВАНИЕ", "name" },
    { &crm_account_type, "Контрагент", "name" },
    { &crm_account_type, " ИНН: ", "inn" },
    { &crm_account_type, "ОГРН", "ogrn" },
    { &crm_account_type, "Тел.", "phone" },
    { &crm_account_type, "E-mail", "email" },
    { &crm_account_type, "e-mail", "email" },
    { &crm_account_type, "Эл. почта", "email" },
    { &crm_account_type, "Основной адрес - город", "city" },
    { &crm_account_type, "Группа", "size_group" },
    { &crm_account_type, "Статус", "status" },
    { &crm_account_type, "Расчётный счёт", "bank_account" },
    { &crm_account_type, "Р/с", "bank_account" },
    { &crm_contact_type, "ФИО", "full_name" },
    { &crm_contact_type, "Ф. И. О.", "full_name" },
    { &crm_contact_type, "Фамилия", "last_name" },
    { &crm_contact_type, "Имя", "first_name" },
    { &crm_contact_type, "Отчество", "middle_name" },
    { &crm_contact_type, "Должность", "position" },
    { &crm_contact_type, "Моб. телефон", "phone_mobile" },
    { &crm_contact_type, "Тел.", "phone_work" },
    { &crm_contact_type, "Контрагент", "account_name" },
    { &crm_contact_type, "ИНН", "account_inn" },
    { &crm_contact_type, "Ответственный", "owner_name" },
    { &crm_contact_type, "Факт. адрес - город", "city" },
    { &crm_contact_type, "Дата рождения", "birthday" },
    /* SuiteCRM contacts */
    { &crm_contact_type, "First Name", "first_name" },
    { &crm_contact_type, "Title", "position" },
    { &crm_contact_type, "Mobile Phone", "phone_mobile" },
    { &crm_contact_type, "Home Phone", "phone_home" },
    { &crm_contact_type, "Email Address", "email" },
    { &crm_contact_type, "Primary Address City", "city" },
    { &crm_contact_type, "Account Name", "account_name" },
    { &crm_contact_type, "Birthdate", "birthday" },
    { &crm_contact_type, "Assigned User Name", "owner_name" },
    /* vTiger accounts */
    { &crm_account_type, "Account Name", "name" },
    { &crm_account_type, "Phone", "phone" },
    { &crm_account_type, "Email", "email" },
    { &crm_account_type, "Assigned To", "owner_name" },
    /* Our own export headers read back */
    { &crm_contact_type, "Account", "account_name" },
    { &crm_contact_type, "Responsible", "owner_name" },
    { &crm_contact_type, "account_name", "account_name" },
    /* Nothing */
    { &crm_contact_type, "Department", NULL },
    { &crm_account_type, "ID", NULL },
    { &crm_account_type, "id", NULL },
    { &crm_account_type, "Created", NULL },
    { &crm_account_type, "Contacts", NULL },   /* computed */
    { &crm_contact_type, "account_id", NULL }, /* a reference: not by number */
    { &crm_account_type, "", NULL },
    { &crm_account_type, "---", NULL },
    { &crm_account_type, "Что-то своё", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *got = crm_import_mapping_suggest (cases[i].type, cases[i].header);

      if (g_strcmp0 (got, cases[i].target) != 0)
        g_error ("%s “%s” → %s, expected %s", cases[i].type->name, cases[i].header, got, cases[i].target);
    }
}

static void
test_mapping_no_twice (void)
{
  const char *const headers1[] = { "Телефон", "phone", "Тел.", "Phone Office", NULL };
  const char *const headers2[] = { "Тел.", "Телефон", NULL };
  const char *const headers3[] = { "ФИО", "Фамилия", "Имя", "ФИО", "Организация", "ИНН", NULL };
  g_autoptr (GPtrArray) t1 = crm_import_mapping_suggest_all (&crm_account_type, headers1);
  g_autoptr (GPtrArray) t2 = crm_import_mapping_suggest_all (&crm_account_type, headers2);
  g_autoptr (GPtrArray) t3 = crm_import_mapping_suggest_all (&crm_contact_type, headers3);

  /* The column name wins over the Russian header before it. */
  g_assert_cmpuint (t1->len, ==, 4);
  g_assert_null (t1->pdata[0]);
  g_assert_cmpstr (t1->pdata[1], ==, "phone");
  g_assert_null (t1->pdata[2]);
  g_assert_null (t1->pdata[3]);
  /* Equal matches: the first column. */
  g_assert_cmpstr (t2->pdata[0], ==, "phone");
  g_assert_null (t2->pdata[1]);
  /* A duplicate header maps once. */
  g_assert_cmpstr (t3->pdata[0], ==, "full_name");
  g_assert_cmpstr (t3->pdata[1], ==, "last_name");
  g_assert_cmpstr (t3->pdata[2], ==, "first_name");
  g_assert_null (t3->pdata[3]);
  g_assert_cmpstr (t3->pdata[4], ==, "account_name");
  g_assert_cmpstr (t3->pdata[5], ==, "account_inn");
}

static void
test_mapping_targets (void)
{
  g_autoptr (GPtrArray) contact = crm_import_mapping_list_targets (&crm_contact_type);
  g_autoptr (GPtrArray) account = crm_import_mapping_list_targets (&crm_account_type);
  g_autofree char *folded = crm_import_mapping_fold ("  Ёлкина-Алёна, E-MAIL №2 ");

  g_assert_cmpstr (folded, ==, "елкинааленаemail2");

  g_assert_true (g_ptr_array_find_with_equal_func (contact, "account_inn", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (contact, "account_name", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (contact, "full_name", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (contact, "owner_name", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (contact, "account_id", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (contact, "id", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (account, "contact_count", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (account, "account_inn", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (account, "full_name", g_str_equal, NULL));

  for (guint i = 0; i < contact->len; i++)
    {
      g_assert_true (crm_import_mapping_is_target (&crm_contact_type, contact->pdata[i]));
      g_assert_nonnull (crm_import_mapping_get_target_label (&crm_contact_type, contact->pdata[i]));
    }
  g_assert_cmpstr (crm_import_mapping_get_target_label (&crm_contact_type, "account_inn"), ==, "Account (by INN)");
  g_assert_false (crm_import_mapping_is_target (&crm_account_type, "contact_count"));
  g_assert_false (crm_import_mapping_is_target (&crm_contact_type, "version"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/reader/rfc4180", test_reader_rfc4180);
  g_test_add_func ("/csv/reader/ragged", test_reader_ragged_fields);
  g_test_add_func ("/csv/reader/line-ends", test_reader_line_ends);
  g_test_add_func ("/csv/reader/bom", test_reader_bom);
  g_test_add_func ("/csv/reader/cp1251", test_reader_cp1251);
  g_test_add_func ("/csv/reader/delimiters", test_reader_delimiters);
  g_test_add_func ("/csv/reader/override", test_reader_override);
  g_test_add_func ("/csv/reader/override-utf8-as-cp1251", test_reader_override_utf8_as_cp1251);
  g_test_add_func ("/csv/reader/unterminated", test_reader_unterminated);
  g_test_add_func ("/csv/reader/long-fields", test_reader_long_fields);
  g_test_add_func ("/csv/reader/many-columns", test_reader_many_columns);
  g_test_add_func ("/csv/reader/empty", test_reader_empty);
  g_test_add_func ("/csv/reader/header-only", test_reader_header_only);
  g_test_add_func ("/csv/reader/binary", test_reader_binary);
  g_test_add_func ("/csv/reader/encoding-error-line", test_reader_encoding_error_line);
  g_test_add_func ("/csv/reader/round-trip-chunks", test_reader_round_trip_chunks);
  g_test_add_func ("/csv/reader/file", test_reader_file);
  g_test_add_func ("/csv/reader/missing-file", test_reader_missing_file);
  g_test_add_func ("/csv/reader/file-vanishes", test_reader_file_vanishes);
  g_test_add_func ("/csv/reader/file-shrinks", test_reader_file_shrinks);
  g_test_add_func ("/csv/writer/quoting", test_writer_quoting);
  g_test_add_func ("/csv/writer/bom", test_writer_bom);
  g_test_add_func ("/csv/writer/cp1251", test_writer_cp1251);
  g_test_add_func ("/csv/writer/cp1251-lossy", test_writer_cp1251_lossy);
  g_test_add_func ("/csv/writer/neutralize", test_writer_neutralize);
  g_test_add_func ("/csv/encoding-names", test_encoding_names);
  g_test_add_func ("/csv/mapping/suitecrm-accounts", test_mapping_suitecrm_accounts);
  g_test_add_func ("/csv/mapping/vtiger-contacts", test_mapping_vtiger_contacts);
  g_test_add_func ("/csv/mapping/1c-cp1251", test_mapping_1c_cp1251);
  g_test_add_func ("/csv/mapping/headers", test_mapping_headers);
  g_test_add_func ("/csv/mapping/no-twice", test_mapping_no_twice);
  g_test_add_func ("/csv/mapping/targets", test_mapping_targets);

  return g_test_run ();
}
