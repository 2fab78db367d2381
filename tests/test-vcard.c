/* test-vcard.c — vCard import and export of contacts
 *
 * The unit program (test-vcard) parses samples modelled on what
 * Evolution, Thunderbird, Google Contacts, Android and Nokia phones and
 * Apple Contacts export (the .vcf files in tests/fixtures), the quirks they have,
 * the errors, and round trips through 3.0 and 4.0. Built a second time
 * with RAPPORT_VCARD_DB_TESTS (test-vcard-db, db suite), it also exports
 * contacts from a real database with crm_vcard_save_contacts().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook-contacts/libebook-contacts.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "crm-contact.h"
#include "crm-vcard.h"

#ifdef RAPPORT_VCARD_DB_TESTS
#include "crm-account.h"
#include "crm-test-db.h"
#endif

/* The fields a vCard carries. */
static const char *const vcard_fields[] = {
  "last_name",
  "first_name",
  "middle_name",
  "account_name",
  "position",
  "city",
  "phone_mobile",
  "phone_work",
  "phone_home",
  "email",
  "email2",
  "skype",
  "birthday",
  "comments",
};

static char *
fixture_path (const char *name)
{
  return g_build_filename (CRM_TEST_FIXTURES, name, NULL);
}

static GPtrArray *
parse_fixture (const char *name,
               GPtrArray **warnings)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  GPtrArray *contacts;

  contacts = crm_vcard_load_file (file, warnings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (contacts);
  g_assert_nonnull (*warnings);
  return contacts;
}

static GPtrArray *
parse_text (const char *text,
            GPtrArray **warnings)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *contacts;

  contacts = crm_vcard_parse (text, strlen (text), warnings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (contacts);
  g_assert_nonnull (*warnings);
  return contacts;
}

static CrmRecord *
nth (GPtrArray *contacts,
     guint      n)
{
  g_assert_cmpuint (n, <, contacts->len);
  return g_ptr_array_index (contacts, n);
}

#define assert_field(record, field, expected) \
  g_assert_cmpstr (crm_record_get_string ((record), (field)), ==, (expected))

static void
assert_birthday (CrmRecord  *record,
                 const char *expected)
{
  g_autofree char *text = crm_record_dup_text (record, "birthday");

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_warnings (GPtrArray *warnings,
                 guint      expected)
{
  if (warnings->len != expected)
    for (guint i = 0; i < warnings->len; i++)
      g_printerr ("warning: %s\n", (const char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, expected);
}

static void
assert_warning_has (GPtrArray  *warnings,
                    guint       n,
                    const char *part)
{
  const char *message;

  g_assert_cmpuint (n, <, warnings->len);
  message = g_ptr_array_index (warnings, n);
  if (strstr (message, part) == NULL)
    g_error ("warning “%s” does not contain “%s”", message, part);
}

static void
assert_same_vcard_fields (CrmRecord *a,
                          CrmRecord *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (vcard_fields); i++)
    {
      g_autofree char *ta = crm_record_dup_text (a, vcard_fields[i]);
      g_autofree char *tb = crm_record_dup_text (b, vcard_fields[i]);

      if (g_strcmp0 (ta, tb) != 0)
        g_error ("%s: “%s” became “%s”", vcard_fields[i], ta, tb);
    }
}

/* Samples of real exports ------------------------------------------------ */

static void
test_evolution (void)
{
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_fixture ("evolution-3.0.vcf", &warnings);
  CrmRecord *c;

  assert_warnings (warnings, 0);
  g_assert_cmpuint (contacts->len, ==, 2);

  c = nth (contacts, 0);
  assert_field (c, "last_name", "Громыхайло");
  assert_field (c, "first_name", "Игорь");
  assert_field (c, "middle_name", "Викторович");
  assert_field (c, "phone_mobile", "+79163258798");
  assert_field (c, "phone_work", "+74951234567;ext=12");
  assert_field (c, "phone_home", "+74957654321");
  assert_field (c, "email", "Igor.Gromykhaylo@romashka.ru");
  assert_field (c, "email2", "gromykhaylo@mail.ru");
  assert_field (c, "account_name", "ООО «Ромашка»");
  assert_field (c, "position", "Коммерческий директор");
  assert_field (c, "city", "Москва"); /* the work address, not the home one */
  assert_field (c, "skype", "igor.gromykhaylo");
  assert_field (c, "comments",
                "Любит футбол. Звонить после 10:00; не раньше. Секретарь — Анна Сергеевна, доб. 14.\n"
                "Вторая строка заметки.");
  assert_birthday (c, "1975-03-14");

  c = nth (contacts, 1);
  assert_field (c, "last_name", "Ёлкина");
  assert_field (c, "first_name", "Алёна");
  assert_field (c, "middle_name", NULL);
  assert_field (c, "phone_mobile", "+79215556677");
  assert_field (c, "phone_work", NULL);
  assert_field (c, "email", "alena@elkina.ru");
  assert_field (c, "account_name", "ИП Ёлкина");
  assert_field (c, "comments", NULL);
}

static void
test_thunderbird (void)
{
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_fixture ("thunderbird-3.0.vcf", &warnings);
  CrmRecord *c;

  g_assert_cmpuint (contacts->len, ==, 2);

  c = nth (contacts, 0);
  assert_field (c, "last_name", "Ёлкина");
  assert_field (c, "first_name", "Алёна");
  assert_field (c, "account_name", "ИП Ёлкина");
  assert_field (c, "position", "Индивидуальный предприниматель");
  assert_field (c, "city", "Санкт-Петербург");
  assert_field (c, "phone_work", "+78125551234");
  assert_field (c, "phone_mobile", "+79215556677");
  assert_field (c, "email", "alena@elkina.ru");
  assert_field (c, "email2", "a.elkina@yandex.ru");
  assert_field (c, "comments", "Постоянный клиент");

  /* Only two e-mail fields: the third address is named in a warning. */
  assert_warnings (warnings, 1);
  assert_warning_has (warnings, 0, "Line 1, card 1 (Алёна Ёлкина)");
  assert_warning_has (warnings, 0, "elkina.old@mail.ru");

  /* A fax has no field of its own: it takes the first free one. */
  c = nth (contacts, 1);
  assert_field (c, "last_name", "Громыхайло");
  assert_field (c, "middle_name", "Викторович");
  assert_field (c, "phone_mobile", "+79163258798");
  assert_field (c, "phone_work", "+74951234568");
  assert_field (c, "phone_home", NULL);
}

static void
test_google (void)
{
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_fixture ("google-3.0.vcf", &warnings);
  CrmRecord *c;

  /* "https\://" (an escape vCard does not have) makes no warning. */
  assert_warnings (warnings, 0);
  g_assert_cmpuint (contacts->len, ==, 3);

  /* Google keeps the patronymic with the first name. */
  c = nth (contacts, 0);
  assert_field (c, "last_name", "Громыхайло");
  assert_field (c, "first_name", "Игорь");
  assert_field (c, "middle_name", "Викторович");
  assert_field (c, "email", "igor@romashka.ru");
  assert_field (c, "email2", "igor.gromykhaylo@gmail.com");
  assert_field (c, "phone_mobile", "+79163258798");
  assert_field (c, "phone_work", "+74951234567");
  assert_field (c, "phone_home", NULL); /* the untyped TEL repeats the mobile */
  assert_field (c, "city", "Москва");
  assert_field (c, "skype", "igor.gromykhaylo");
  assert_field (c, "comments", "Встреча на выставке «Связь-2023»");
  assert_birthday (c, "1975-03-14");

  c = nth (contacts, 1);
  assert_field (c, "last_name", "Smith");
  assert_field (c, "first_name", "Alice");
  assert_field (c, "phone_mobile", "+15550104477");

  /* No N: FN is read as «Фамилия Имя». */
  c = nth (contacts, 2);
  assert_field (c, "last_name", "Ёлкина");
  assert_field (c, "first_name", "Алёна");
  assert_field (c, "phone_mobile", "+79215556677");
}

static void
test_android (void)
{
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_fixture ("android-2.1.vcf", &warnings);
  CrmRecord *c;

  g_assert_cmpuint (contacts->len, ==, 2);

  c = nth (contacts, 0);
  assert_field (c, "last_name", "Громыхайло");
  assert_field (c, "first_name", "Игорь");
  assert_field (c, "middle_name", "Викторович");
  assert_field (c, "phone_mobile", "+79163258798");
  assert_field (c, "phone_work", "+74951234567");
  assert_field (c, "phone_home", "+74957654321");
  assert_field (c, "email", "igor.g@gmail.com");
  assert_field (c, "account_name", "ООО «Ромашка»");
  /* Quoted-printable over soft breaks that cut a UTF-8 character. */
  assert_field (c, "comments", "Первая строка\nВторая строка; с точкой с запятой");

  /* A phone that is no phone is a warning naming the card and the value. */
  assert_warnings (warnings, 1);
  assert_warning_has (warnings, 0, "Line 1, card 1 (Игорь Викторович Громыхайло)");
  assert_warning_has (warnings, 0, "“12-34”");

  c = nth (contacts, 1);
  assert_field (c, "last_name", "Ёлкина");
  assert_field (c, "first_name", "Алёна");
  assert_field (c, "phone_mobile", "+79215556677");
  assert_birthday (c, "1988-07-02");
}

static void
test_nokia_cp1251 (void)
{
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_fixture ("nokia-cp1251-2.1.vcf", &warnings);
  CrmRecord *c;

  assert_warnings (warnings, 0);
  g_assert_cmpuint (contacts->len, ==, 1);
  c = nth (contacts, 0);
  assert_field (c, "last_name", "Ёлкина");
  assert_field (c, "first_name", "Алёна");
  assert_field (c, "phone_mobile", "+79215556677");
  assert_field (c, "phone_work", "+78125551234");
  assert_field (c, "comments", "Договор №15 от 01.02.2023");
}

/* Raw Windows-1251 bytes: with CHARSET, without it (the Russian
 * default), and mislabelled UTF-8 text (kept as it is). */
static void
test_raw_cp1251 (void)
{
  static const char text[] =
      "BEGIN:VCARD\r\n"
      "VERSION:2.1\r\n"
      "N;CHARSET=WINDOWS-1251:\xA8\xEB\xEA\xE8\xED\xE0;\xC0\xEB\xB8\xED\xE0\r\n"
      "ORG;CHARSET=windows-1251:\xC8\xCF \xA8\xEB\xEA\xE8\xED\xE0\r\n"
      "TEL;CELL:+7 921 555 66 77\r\n"
      "END:VCARD\r\n"
      "BEGIN:VCARD\r\n"
      "VERSION:2.1\r\n"
      "N:\xC3\xF0\xEE\xEC\xFB\xF5\xE0\xE9\xEB\xEE;\xC8\xE3\xEE\xF0\xFC\r\n"
      "END:VCARD\r\n"
      "BEGIN:VCARD\r\n"
      "VERSION:2.1\r\n"
      "N;CHARSET=WINDOWS-1251:Ёлкина;Алёна\r\n"
      "END:VCARD\r\n";
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_text (text, &warnings);

  assert_warnings (warnings, 0);
  g_assert_cmpuint (contacts->len, ==, 3);
  assert_field (nth (contacts, 0), "last_name", "Ёлкина");
  assert_field (nth (contacts, 0), "first_name", "Алёна");
  assert_field (nth (contacts, 0), "account_name", "ИП Ёлкина");
  assert_field (nth (contacts, 1), "last_name", "Громыхайло");
  assert_field (nth (contacts, 1), "first_name", "Игорь");
  assert_field (nth (contacts, 2), "last_name", "Ёлкина");
}

static void
test_apple (void)
{
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_fixture ("apple-3.0.vcf", &warnings);
  CrmRecord *c;

  assert_warnings (warnings, 0);
  g_assert_cmpuint (contacts->len, ==, 2);

  c = nth (contacts, 0);
  assert_field (c, "last_name", "Ёлкина");
  assert_field (c, "first_name", "Алёна");
  assert_field (c, "account_name", "ИП Ёлкина");
  assert_field (c, "position", "Владелец");
  /* The preferred address first. */
  assert_field (c, "email", "alena@elkina.ru");
  assert_field (c, "email2", "a.elkina@icloud.com");
  /* item1.X-ABLabel:Рабочий and _$!<Home>!$_ say what the phones are. */
  assert_field (c, "phone_work", "+78125551234");
  assert_field (c, "phone_mobile", "+79215556677");
  assert_field (c, "phone_home", "+78125550000");
  assert_field (c, "city", "Санкт-Петербург");
  assert_birthday (c, "1988-07-02");

  /* A company card (X-ABShowAs:COMPANY, N empty) keeps its name whole. */
  c = nth (contacts, 1);
  assert_field (c, "last_name", "ООО «Ромашка»");
  assert_field (c, "first_name", NULL);
  assert_field (c, "account_name", "ООО «Ромашка»");
  assert_field (c, "phone_work", "+74951234567");
}

static void
test_vcard4 (void)
{
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_fixture ("vcard-4.0.vcf", &warnings);
  CrmRecord *c;

  assert_warnings (warnings, 0);
  g_assert_cmpuint (contacts->len, ==, 1);

  c = nth (contacts, 0);
  assert_field (c, "last_name", "Громыхайло");
  assert_field (c, "middle_name", "Викторович");
  /* TYPE="cell,voice" and tel: URIs with ";ext=". */
  assert_field (c, "phone_mobile", "+79163258798");
  assert_field (c, "phone_work", "+74951234567;ext=12");
  assert_field (c, "phone_home", "+74957654321");
  /* PREF=1 comes first. */
  assert_field (c, "email", "igor.gromykhaylo@gmail.com");
  assert_field (c, "email2", "igor@romashka.ru");
  assert_field (c, "city", "Москва");
  assert_field (c, "skype", "igor.gromykhaylo");
  assert_birthday (c, "1975-03-14");
}

/* Quirks ------------------------------------------------------------------ */

static void
test_formatted_names (void)
{
  static const char text[] =
      "BEGIN:VCARD\nVERSION:3.0\nFN:Игорь Викторович Громыхайло\nEND:VCARD\n"
      "BEGIN:VCARD\nVERSION:3.0\nFN:Мамедов Эльдар Гасан оглы\nEND:VCARD\n"
      "BEGIN:VCARD\nVERSION:3.0\nFN:John Ronald Tolkien\nEND:VCARD\n"
      "BEGIN:VCARD\nVERSION:3.0\nN:;Alice;;;\nEND:VCARD\n"
      "BEGIN:VCARD\nVERSION:3.0\nORG:ООО «Ромашка»\nTEL:+7 495 123 45 67\nEND:VCARD\n";
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_text (text, &warnings);

  assert_warnings (warnings, 0);
  g_assert_cmpuint (contacts->len, ==, 5);

  assert_field (nth (contacts, 0), "last_name", "Громыхайло");
  assert_field (nth (contacts, 0), "first_name", "Игорь");
  assert_field (nth (contacts, 0), "middle_name", "Викторович");

  assert_field (nth (contacts, 1), "last_name", "Мамедов");
  assert_field (nth (contacts, 1), "first_name", "Эльдар");
  assert_field (nth (contacts, 1), "middle_name", "Гасан оглы");

  assert_field (nth (contacts, 2), "last_name", "Tolkien");
  assert_field (nth (contacts, 2), "first_name", "John");
  assert_field (nth (contacts, 2), "middle_name", "Ronald");

  assert_field (nth (contacts, 3), "last_name", "Alice");

  /* Only an organisation: its name stands for the person's. */
  assert_field (nth (contacts, 4), "last_name", "ООО «Ромашка»");
  assert_field (nth (contacts, 4), "account_name", "ООО «Ромашка»");
  assert_field (nth (contacts, 4), "phone_mobile", "+74951234567");
}

static void
test_tolerance (void)
{
  /* BOM, LF and CR line ends, a fold inside a UTF-8 character, junk
   * between cards, lower-case names, an unfolded note line, an invalid
   * parameter, a nested 2.1 AGENT card. */
  static const char text[] =
      "\xEF\xBB\xBF"
      "Exported by some phone\n"
      "\n"
      "begin:vcard\n"
      "version:3.0\n"
      "n:Громыхайло;Игорь;Викторович\n"
      "note:Прив\xD0\n"
      " \xB5т\\, мир \\: \\x\n"
      "and a line the exporter forgot to fold\n"
      "tel;type=cell;x-bad param:+7 916 325 87 98\n"
      "end:vcard\n"
      "=== junk ===\n"
      "BEGIN:VCARD\r"
      "VERSION:2.1\r"
      "N:Ёлкина;Алёна\r"
      "AGENT:\r"
      "BEGIN:VCARD\r"
      "N:Секретарь;Анна\r"
      "TEL:+7 495 000 00 00\r"
      "END:VCARD\r"
      "TEL;HOME:8 812 555 00 00\r"
      "END:VCARD\r";
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_text (text, &warnings);

  assert_warnings (warnings, 0);
  g_assert_cmpuint (contacts->len, ==, 2);
  assert_field (nth (contacts, 0), "last_name", "Громыхайло");
  assert_field (nth (contacts, 0), "middle_name", "Викторович");
  assert_field (nth (contacts, 0), "comments", "Привет, мир : \\x\nand a line the exporter forgot to fold");
  assert_field (nth (contacts, 0), "phone_mobile", "+79163258798");
  assert_field (nth (contacts, 1), "last_name", "Ёлкина");
  assert_field (nth (contacts, 1), "phone_home", "+78125550000");
  assert_field (nth (contacts, 1), "phone_work", NULL); /* the agent's phone */
}

/* 2.1 quoted-printable as phones write it: a bare QUOTED-PRINTABLE
 * parameter, no CHARSET over Windows-1251 bytes, a soft break left
 * dangling before END:VCARD. */
static void
test_quoted_printable (void)
{
  static const char text[] =
      "BEGIN:VCARD\r\n"
      "VERSION:2.1\r\n"
      "N;QUOTED-PRINTABLE:=D0=93=D1=80=D0=BE=D0=BC=D1=8B=D1=85=D0=B0=D0=B9=D0=BB=D0=BE;=\r\n"
      "=D0=98=D0=B3=D0=BE=D1=80=D1=8C\r\n"
      "NOTE;ENCODING=QUOTED-PRINTABLE:=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82=\r\n"
      "END:VCARD\r\n"
      "BEGIN:VCARD\r\n"
      "VERSION:2.1\r\n"
      "N;ENCODING=QUOTED-PRINTABLE:=A8=EB=EA=E8=ED=E0;=C0=EB=B8=ED=E0\r\n"
      "TEL;CELL:+79215556677\r\n"
      "END:VCARD\r\n";
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = parse_text (text, &warnings);

  assert_warnings (warnings, 0);
  g_assert_cmpuint (contacts->len, ==, 2);
  assert_field (nth (contacts, 0), "last_name", "Громыхайло");
  assert_field (nth (contacts, 0), "first_name", "Игорь");
  assert_field (nth (contacts, 0), "comments", "Привет");
  assert_field (nth (contacts, 1), "last_name", "Ёлкина");
  assert_field (nth (contacts, 1), "first_name", "Алёна");
  assert_field (nth (contacts, 1), "phone_mobile", "+79215556677");
}

static void
test_utf16 (void)
{
  static const char card[] = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ёлкина;Алёна;;;\r\nEND:VCARD\r\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  g_autofree char *utf16 = NULL;
  g_autoptr (GString) data = g_string_new_len ("\xFF\xFE", 2);
  gsize length = 0;

  utf16 = g_convert (card, -1, "UTF-16LE", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  g_string_append_len (data, utf16, length);

  contacts = crm_vcard_parse (data->str, data->len, &warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  assert_field (nth (contacts, 0), "last_name", "Ёлкина");
}

static void
test_bad_values (void)
{
  g_autofree char *long_name = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  GString *name = g_string_new (NULL);

  for (guint i = 0; i < 120; i++)
    g_string_append (name, "Ж");
  long_name = g_string_free (name, FALSE);

  text = g_strconcat ("BEGIN:VCARD\r\n"
                      "VERSION:3.0\r\n"
                      "N:Ёлкина;Алёна;;;\r\n"
                      "EMAIL:not an address\r\n"
                      "BDAY:--0702\r\n"
                      "TEL;TYPE=CELL:+7 921 555 66 77\r\n"
                      "TEL;TYPE=CELL:+7 921 555 66 78\r\n"
                      "TEL;TYPE=WORK:+7 812 555 12 34\r\n"
                      "TEL;TYPE=HOME:+7 812 555 00 00\r\n"
                      "END:VCARD\r\n"
                      "BEGIN:VCARD\r\n"
                      "VERSION:3.0\r\n"
                      "EMAIL:nobody@example.com\r\n"
                      "END:VCARD\r\n"
                      "BEGIN:VCARD\r\n"
                      "VERSION:3.0\r\n"
                      "N:",
                      long_name,
                      ";Иван;;;\r\n"
                      "BDAY:1975-02-30\r\n"
                      "BEGIN:VCARD\r\n"
                      "VERSION:3.0\r\n"
                      "N:Последняя;Карточка;;;\r\n",
                      NULL);
  contacts = parse_text (text, &warnings);

  /* The nameless card is left out; the others are kept. */
  g_assert_cmpuint (contacts->len, ==, 3);
  assert_field (nth (contacts, 0), "email", NULL);
  assert_field (nth (contacts, 0), "phone_mobile", "+79215556677");
  assert_field (nth (contacts, 0), "phone_work", "+78125551234");
  assert_field (nth (contacts, 0), "phone_home", "+78125550000");
  g_assert_cmpuint (g_utf8_strlen (crm_record_get_string (nth (contacts, 1), "last_name"), -1), ==, 100);
  assert_field (nth (contacts, 1), "first_name", "Иван");
  assert_field (nth (contacts, 2), "last_name", "Последняя");

  assert_warnings (warnings, 8);
  /* Cut-short cards are found first, while the file is split. */
  assert_warning_has (warnings, 0, "Line 15, card 3: the card has no END:VCARD");
  assert_warning_has (warnings, 1, "Line 19, card 4: the card has no END:VCARD");
  assert_warning_has (warnings, 2, "Line 1, card 1 (Ёлкина Алёна): phone “+7 921 555 66 78” left out: the contact has no free phone field");
  assert_warning_has (warnings, 3, "e-mail “not an address” left out");
  assert_warning_has (warnings, 4, "birthday “--0702” left out");
  assert_warning_has (warnings, 5, "Line 11, card 2: the card has no name");
  assert_warning_has (warnings, 6, "Last name shortened to 100 characters");
  assert_warning_has (warnings, 7, "birthday “1975-02-30” left out");
}

static void
assert_parse_error (const char *data,
                    gsize       length,
                    gint        code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = NULL;
  GPtrArray *contacts;

  contacts = crm_vcard_parse (data, length, &warnings, &error);
  g_assert_null (contacts);
  g_assert_null (warnings);
  g_assert_error (error, CRM_VCARD_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_errors (void)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  static const char ics[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Встреча\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  static const char csv[] = "Фамилия;Имя;Телефон\r\nГромыхайло;Игорь;+79163258798\r\n";

  assert_parse_error ("", 0, CRM_VCARD_ERROR_EMPTY);
  assert_parse_error (NULL, 0, CRM_VCARD_ERROR_EMPTY);
  assert_parse_error ("\xEF\xBB\xBF", 3, CRM_VCARD_ERROR_EMPTY);
  assert_parse_error ("\xEF\xBB\xBF \r\n\r\n\t\n", 9, CRM_VCARD_ERROR_EMPTY);
  assert_parse_error (png, sizeof png - 1, CRM_VCARD_ERROR_NOT_VCARD);
  assert_parse_error (ics, strlen (ics), CRM_VCARD_ERROR_NOT_VCARD);
  assert_parse_error (csv, strlen (csv), CRM_VCARD_ERROR_NOT_VCARD);
  assert_parse_error ("hello", 5, CRM_VCARD_ERROR_NOT_VCARD);
}

static void
test_load_file_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/contacts.vcf");
  g_autoptr (GFile) empty = NULL;
  g_autoptr (GFileIOStream) stream = NULL;
  GPtrArray *contacts;

  contacts = crm_vcard_load_file (missing, &warnings, &error);
  g_assert_null (contacts);
  g_assert_error (error, CRM_VCARD_ERROR, CRM_VCARD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/contacts.vcf"));
  g_clear_error (&error);

  empty = g_file_new_tmp ("test-vcard-XXXXXX.vcf", &stream, &error);
  g_assert_no_error (error);
  contacts = crm_vcard_load_file (empty, &warnings, &error);
  g_assert_null (contacts);
  g_assert_error (error, CRM_VCARD_ERROR, CRM_VCARD_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, ".vcf: "));
  g_file_delete (empty, NULL, NULL);
}

/* Writing ---------------------------------------------------------------- */

static CrmContact *
full_contact (void)
{
  CrmContact *contact = crm_contact_new ();
  CrmRecord  *c = CRM_RECORD (contact);
  g_autoptr (GError) error = NULL;

  crm_record_set_string (c, "last_name", "Громыхайло");
  crm_record_set_string (c, "first_name", "Игорь");
  crm_record_set_string (c, "middle_name", "Викторович");
  crm_record_set_string (c, "account_name", "ООО «Ромашка; Лютик, и Ко»");
  crm_record_set_string (c, "position", "Коммерческий директор по работе с ключевыми клиентами Северо-Западного региона");
  crm_record_set_string (c, "city", "Санкт-Петербург");
  crm_record_set_string (c, "phone_mobile", "+79163258798");
  crm_record_set_string (c, "phone_work", "+74951234567;ext=12");
  crm_record_set_string (c, "phone_home", "+74957654321");
  crm_record_set_string (c, "email", "igor@romashka.ru");
  crm_record_set_string (c, "email2", "игорь@ромашка.рф");
  crm_record_set_string (c, "skype", "igor.gromykhaylo");
  crm_record_set_string (c, "comments",
                         "Любит футбол; звонить после 10:00, не раньше.\n"
                         "Путь к прайсу: C:\\Прайсы\\2023.xlsx\n"
                         "Длинная строка, чтобы перенос в 75 октетов попал внутрь кириллицы и не разрезал её.");
  crm_record_set_text (c, "birthday", "1975-03-14", &error);
  g_assert_no_error (error);

  return contact;
}

static CrmContact *
small_contact (void)
{
  CrmContact *contact = crm_contact_new ();

  crm_record_set_string (CRM_RECORD (contact), "last_name", "Ёлкина");
  crm_record_set_string (CRM_RECORD (contact), "first_name", "Алёна");
  crm_record_set_string (CRM_RECORD (contact), "phone_mobile", "+79215556677");
  return contact;
}

/* CRLF only, every line at most 75 octets and whole UTF-8 characters. */
static void
assert_well_formed (const char *text)
{
  const char *line = text;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  while (*line != '\0')
    {
      const char *end = strstr (line, "\r\n");

      g_assert_nonnull (end);
      g_assert_null (memchr (line, '\n', end - line));
      g_assert_null (memchr (line, '\r', end - line));
      g_assert_cmpint (end - line, <=, 75);
      g_assert_true (g_utf8_validate (line, end - line, NULL));
      line = end + 2;
    }
}

static void
test_write_golden (void)
{
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *v3 = NULL;
  g_autofree char *v4 = NULL;
  CrmRecord       *c;

  c = CRM_RECORD (small_contact ());
  crm_record_set_string (c, "phone_work", "+78125551234;ext=7");
  crm_record_set_string (c, "email", "alena@elkina.ru");
  crm_record_set_string (c, "city", "Санкт-Петербург");
  crm_record_set_text (c, "birthday", "1988-07-02", NULL);
  g_ptr_array_add (contacts, c);

  v3 = crm_vcard_write (contacts, CRM_VCARD_VERSION_3_0);
  g_assert_cmpstr (v3, ==,
                   "BEGIN:VCARD\r\n"
                   "VERSION:3.0\r\n"
                   "PRODID:-//Rapport//Rapport " PACKAGE_VERSION "//EN\r\n"
                   "FN:Ёлкина Алёна\r\n"
                   "N:Ёлкина;Алёна;;;\r\n"
                   "TEL;TYPE=CELL:+79215556677\r\n"
                   "TEL;TYPE=WORK,VOICE:+78125551234\\,7\r\n"
                   "EMAIL;TYPE=INTERNET:alena@elkina.ru\r\n"
                   "ADR;TYPE=WORK:;;;Санкт-Петербург;;;\r\n"
                   "BDAY:1988-07-02\r\n"
                   "END:VCARD\r\n");

  v4 = crm_vcard_write (contacts, CRM_VCARD_VERSION_4_0);
  g_assert_cmpstr (v4, ==,
                   "BEGIN:VCARD\r\n"
                   "VERSION:4.0\r\n"
                   "PRODID:-//Rapport//Rapport " PACKAGE_VERSION "//EN\r\n"
                   "FN:Ёлкина Алёна\r\n"
                   "N:Ёлкина;Алёна;;;\r\n"
                   "TEL;TYPE=cell;VALUE=uri:tel:+79215556677\r\n"
                   "TEL;TYPE=work,voice;VALUE=uri:tel:+78125551234;ext=7\r\n"
                   "EMAIL;TYPE=work:alena@elkina.ru\r\n"
                   "ADR;TYPE=work:;;;Санкт-Петербург;;;\r\n"
                   "BDAY:19880702\r\n"
                   "END:VCARD\r\n");
}

static void
test_round_trip (gconstpointer data)
{
  CrmVCardVersion version = GPOINTER_TO_INT (data);
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) parsed = NULL;
  g_autoptr (GPtrArray) warnings = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_add (contacts, full_contact ());
  g_ptr_array_add (contacts, small_contact ());

  text = crm_vcard_write (contacts, version);
  assert_well_formed (text);
  g_assert_true (g_str_has_prefix (text, version == CRM_VCARD_VERSION_4_0 ? "BEGIN:VCARD\r\nVERSION:4.0\r\n"
                                                                          : "BEGIN:VCARD\r\nVERSION:3.0\r\n"));
  /* Long lines were folded, so the check above checked something. */
  g_assert_nonnull (strstr (text, "\r\n "));

  parsed = parse_text (text, &warnings);
  assert_warnings (warnings, 0);
  g_assert_cmpuint (parsed->len, ==, contacts->len);
  for (guint i = 0; i < contacts->len; i++)
    {
      g_autoptr (GPtrArray) diff = crm_record_diff (g_ptr_array_index (contacts, i), g_ptr_array_index (parsed, i));

      assert_same_vcard_fields (g_ptr_array_index (contacts, i), g_ptr_array_index (parsed, i));
      g_assert_cmpuint (diff->len, ==, 0);
    }
}

/* Evolution's own reader finds every field where Evolution shows it. */
static void
test_written_for_evolution (void)
{
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  g_auto (GStrv) cards = NULL;
  EContact     *contact;
  EContactName *name;
  EContactDate *birthday;
  GList        *skype;

  g_ptr_array_add (contacts, full_contact ());
  text = crm_vcard_write (contacts, CRM_VCARD_VERSION_3_0);

  contact = e_contact_new_from_vcard (text);
  name = e_contact_get (contact, E_CONTACT_NAME);
  g_assert_cmpstr (name->family, ==, "Громыхайло");
  g_assert_cmpstr (name->given, ==, "Игорь");
  g_assert_cmpstr (name->additional, ==, "Викторович");
  g_assert_cmpstr (e_contact_get_const (contact, E_CONTACT_FULL_NAME), ==, "Громыхайло Игорь Викторович");
  g_assert_cmpstr (e_contact_get_const (contact, E_CONTACT_PHONE_MOBILE), ==, "+79163258798");
  g_assert_cmpstr (e_contact_get_const (contact, E_CONTACT_PHONE_BUSINESS), ==, "+74951234567,12");
  g_assert_cmpstr (e_contact_get_const (contact, E_CONTACT_PHONE_HOME), ==, "+74957654321");
  g_assert_cmpstr (e_contact_get_const (contact, E_CONTACT_EMAIL_1), ==, "igor@romashka.ru");
  g_assert_cmpstr (e_contact_get_const (contact, E_CONTACT_EMAIL_2), ==, "игорь@ромашка.рф");
  g_assert_cmpstr (e_contact_get_const (contact, E_CONTACT_ORG), ==, "ООО «Ромашка; Лютик, и Ко»");
  g_assert_cmpstr (e_contact_get_const (contact, E_CONTACT_TITLE), ==,
                   "Коммерческий директор по работе с ключевыми клиентами Северо-Западного региона");
  g_assert_nonnull (strstr (e_contact_get_const (contact, E_CONTACT_NOTE), "C:\\Прайсы\\2023.xlsx\n"));
  birthday = e_contact_get (contact, E_CONTACT_BIRTH_DATE);
  g_assert_cmpuint (birthday->year, ==, 1975);
  g_assert_cmpuint (birthday->month, ==, 3);
  g_assert_cmpuint (birthday->day, ==, 14);
  skype = e_contact_get (contact, E_CONTACT_IM_SKYPE);
  g_assert_cmpuint (g_list_length (skype), ==, 1);
  g_assert_cmpstr (skype->data, ==, "igor.gromykhaylo");

  g_list_free_full (skype, g_free);
  e_contact_date_free (birthday);
  e_contact_name_free (name);
  g_object_unref (contact);
}

static void
test_load_file (void)
{
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) loaded = NULL;
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileIOStream) stream = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_add (contacts, full_contact ());
  text = crm_vcard_write (contacts, CRM_VCARD_VERSION_4_0);

  file = g_file_new_tmp ("test-vcard-XXXXXX.vcf", &stream, &error);
  g_assert_no_error (error);
  g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);

  loaded = crm_vcard_load_file (file, &warnings, &error);
  g_assert_no_error (error);
  assert_warnings (warnings, 0);
  g_assert_cmpuint (loaded->len, ==, 1);
  assert_same_vcard_fields (nth (contacts, 0), nth (loaded, 0));
  g_file_delete (file, NULL, NULL);
}

#ifdef RAPPORT_VCARD_DB_TESTS

/* Export from a real database ------------------------------------------- */

static CrmRecord *
save (CrmStore  *store,
      CrmRecord *record)
{
  g_autoptr (GError) error = NULL;
  CrmRecord *saved = crm_store_save_sync (store, record, NULL, &error);

  g_assert_no_error (error);
  g_object_unref (record);
  return saved;
}

static void
test_save_contacts (void)
{
  g_autofree char *conninfo = crm_test_db_create ("vcard");
  g_autoptr (CrmStore) store = crm_test_db_open_store (conninfo);
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmRecord) account = NULL;
  g_autoptr (GPtrArray) stored = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) loaded = NULL;
  g_autoptr (GPtrArray) warnings = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileIOStream) stream = NULL;
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  CrmRecord       *c;

  account = crm_record_new (&crm_account_type);
  crm_record_set_string (account, "name", "ООО «Ромашка»");
  account = save (store, account);

  /* 1,203 contacts: more than two pages of the export. */
  for (guint i = 0; i < 1203; i++)
    {
      g_autofree char *last = g_strdup_printf ("Громыхайло-%04u", i);
      g_autofree char *phone = g_strdup_printf ("+7916%07u", i);

      c = CRM_RECORD (i == 0 ? full_contact () : small_contact ());
      crm_record_set_string (c, "last_name", last);
      crm_record_set_string (c, "phone_mobile", phone);
      crm_record_set_string (c, "account_name", NULL);
      crm_record_set_int (c, "account_id", crm_record_get_id (account));
      g_ptr_array_add (stored, save (store, c));
    }

  file = g_file_new_tmp ("test-vcard-XXXXXX.vcf", &stream, &error);
  g_assert_no_error (error);

  g_assert_true (crm_vcard_save_contacts (store, query, file, CRM_VCARD_VERSION_3_0, NULL, &error));
  g_assert_no_error (error);

  loaded = crm_vcard_load_file (file, &warnings, &error);
  g_assert_no_error (error);
  assert_warnings (warnings, 0);
  g_assert_cmpuint (loaded->len, ==, stored->len);
  /* The list's order (by full name) is the saved order here. */
  for (guint i = 0; i < stored->len; i++)
    {
      assert_same_vcard_fields (nth (stored, i), nth (loaded, i));
      assert_field (nth (loaded, i), "account_name", "ООО «Ромашка»");
    }

  /* A failed export leaves the old file as it was. */
  g_file_replace_contents (file, "old", 3, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancelled);
  g_assert_false (crm_vcard_save_contacts (store, query, file, CRM_VCARD_VERSION_4_0, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "old");

  g_file_delete (file, NULL, NULL);
  g_clear_object (&store);
  crm_test_db_drop (conninfo);
}

#endif

int
main (int   argc,
      char *argv[])
{
#ifdef RAPPORT_VCARD_DB_TESTS
  const gboolean db_suite = TRUE;
#else
  const gboolean db_suite = FALSE;
#endif

  g_test_init (&argc, &argv, NULL);

  if (db_suite)
    {
#ifdef RAPPORT_VCARD_DB_TESTS
      crm_test_db_init ();
      g_test_add_func ("/vcard/db/save-contacts", test_save_contacts);
#endif
      return g_test_run ();
    }

  g_test_add_func ("/vcard/parse/evolution", test_evolution);
  g_test_add_func ("/vcard/parse/thunderbird", test_thunderbird);
  g_test_add_func ("/vcard/parse/google", test_google);
  g_test_add_func ("/vcard/parse/android-qp-utf8", test_android);
  g_test_add_func ("/vcard/parse/nokia-qp-cp1251", test_nokia_cp1251);
  g_test_add_func ("/vcard/parse/raw-cp1251", test_raw_cp1251);
  g_test_add_func ("/vcard/parse/apple", test_apple);
  g_test_add_func ("/vcard/parse/vcard4", test_vcard4);
  g_test_add_func ("/vcard/parse/formatted-names", test_formatted_names);
  g_test_add_func ("/vcard/parse/tolerance", test_tolerance);
  g_test_add_func ("/vcard/parse/quoted-printable", test_quoted_printable);
  g_test_add_func ("/vcard/parse/utf16", test_utf16);
  g_test_add_func ("/vcard/parse/bad-values", test_bad_values);
  g_test_add_func ("/vcard/parse/errors", test_errors);
  g_test_add_func ("/vcard/file/load", test_load_file);
  g_test_add_func ("/vcard/file/load-errors", test_load_file_errors);
  g_test_add_func ("/vcard/write/golden", test_write_golden);
  g_test_add_data_func ("/vcard/write/round-trip-3.0", GINT_TO_POINTER (CRM_VCARD_VERSION_3_0), test_round_trip);
  g_test_add_data_func ("/vcard/write/round-trip-4.0", GINT_TO_POINTER (CRM_VCARD_VERSION_4_0), test_round_trip);
  g_test_add_func ("/vcard/write/evolution-reads-it", test_written_for_evolution);

  return g_test_run ();
}
