/* test-record.c — CrmRecord: properties from descriptors, notify, text
 * forms, validation, copy and diff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-record.h"

/* A record type with a field of every kind, for this test only. */
#define TEST_TYPE_THING (test_thing_get_type ())
G_DECLARE_FINAL_TYPE (TestThing, test_thing, TEST, THING, CrmRecord)

struct _TestThing
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (TestThing, test_thing, CRM_TYPE_RECORD)

static const CrmChoice colour_choices[] = {
  { "red", "Red" },
  { "green", "Green" },
  { NULL, NULL }
};

static const CrmField thing_fields[] = {
  { "label", "Label", CRM_FIELD_TEXT, CRM_FIELD_REQUIRED, NULL, .max_length = 10 },
  { "notes", "Notes", CRM_FIELD_MULTILINE, 0, NULL },
  { "amount", "Amount", CRM_FIELD_INT, 0, NULL },
  { "flag", "Flag", CRM_FIELD_BOOL, 0, NULL },
  { "day", "Day", CRM_FIELD_DATE, 0, NULL },
  { "moment", "Moment", CRM_FIELD_TIMESTAMP, 0, NULL },
  { "colour", "Colour", CRM_FIELD_CHOICE, 0, NULL, .choices = colour_choices },
  { "parent_id", "Parent", CRM_FIELD_REF, 0, NULL, .ref_type = "account" },
  { "phone", "Phone", CRM_FIELD_PHONE, 0, NULL },
  { "email", "E-mail", CRM_FIELD_EMAIL, 0, NULL },
  { "site", "Site", CRM_FIELD_URL, 0, NULL },
  { "inn", "INN", CRM_FIELD_INN, 0, NULL },
  { "kpp", "KPP", CRM_FIELD_KPP, 0, NULL },
  { "ogrn", "OGRN", CRM_FIELD_OGRN, 0, NULL },
  { "bik", "BIK", CRM_FIELD_DIGITS, 0, NULL, .max_length = 9 },
  { "shout", "Shout", CRM_FIELD_TEXT, CRM_FIELD_COMPUTED, NULL, .sql = "upper(t.label)" },
  { "price", "Price", CRM_FIELD_MONEY, CRM_FIELD_NO_NEGATIVE, NULL },
};

static const CrmRecordType thing_type = {
  .name = "thing",
  .table = "things",
  .title_field = "label",
  .default_sort = "label",
  .fields = thing_fields,
  .n_fields = G_N_ELEMENTS (thing_fields),
  .get_type = test_thing_get_type,
};

static void
test_thing_class_init (TestThingClass *klass)
{
  crm_record_class_install_fields (CRM_RECORD_CLASS (klass), &thing_type);
}

static void
test_thing_init (TestThing *self)
{
}

/* ---- Notify counting ---- */

typedef struct
{
  GHashTable *counts; /* property name → count */
} NotifyLog;

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  NotifyLog *log = user_data;
  guint      n = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, pspec->name));

  g_hash_table_insert (log->counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
notified (NotifyLog  *log,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, g_intern_string (name)));
}

static void
check_properties (const CrmRecordType *type)
{
  g_autoptr (CrmRecord) record = crm_record_new (type);
  GObjectClass   *klass = G_OBJECT_GET_CLASS (record);
  const CrmField *common;
  guint           n_common;

  g_assert_true (G_OBJECT_TYPE (record) == type->get_type ());
  g_assert_true (crm_record_get_record_type (record) == type);
  g_assert_true (crm_record_type_for_gtype (G_OBJECT_TYPE (record)) == type || type == &thing_type);

  common = crm_record_type_common_fields (&n_common);
  for (guint i = 0; i < n_common + type->n_fields; i++)
    {
      const CrmField  *field = i < n_common ? &common[i] : &type->fields[i - n_common];
      g_autofree char *name = crm_field_property_name (field);
      GParamSpec      *pspec = g_object_class_find_property (klass, name);
      const GValue    *value;

      if (pspec == NULL)
        g_test_message ("%s has no property %s", type->name, name);
      g_assert_nonnull (pspec);
      g_assert_true (pspec->value_type == crm_field_get_value_type (field));
      g_assert_true (pspec->flags & G_PARAM_READABLE);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
      g_assert_null (strchr (name, '_'));

      /* A new record holds the empty value of each. */
      value = crm_record_peek_value (record, field->name);
      g_assert_nonnull (value);
      g_assert_true (G_VALUE_TYPE (value) == pspec->value_type);
    }

  g_assert_nonnull (g_object_class_find_property (klass, "loaded"));
  g_assert_nonnull (g_object_class_find_property (klass, "title"));
  g_assert_true (crm_record_get_loaded (record));
  g_assert_cmpint (crm_record_get_id (record), ==, 0);
  g_assert_cmpint (crm_record_get_version (record), ==, 0);
}

static void
test_properties (void)
{
  check_properties (&crm_account_type);
  check_properties (&crm_contact_type);
  check_properties (&thing_type);
  g_assert_true (crm_record_type_lookup ("account") == &crm_account_type);
  g_assert_true (crm_record_type_lookup ("contacts") == &crm_contact_type);
}

static void
test_set_get_notify (void)
{
  g_autoptr (CrmRecord) account = CRM_RECORD (crm_account_new ());
  NotifyLog        log = { g_hash_table_new (NULL, NULL) };
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  gint64           owner = 0;

  g_signal_connect (account, "notify", G_CALLBACK (on_notify_cb), &log);

  g_object_set (account, "name", "Ромашка", NULL);
  g_assert_cmpuint (notified (&log, "name"), ==, 1);
  g_assert_cmpuint (notified (&log, "title"), ==, 1);
  g_object_get (account, "name", &name, "title", &title, NULL);
  g_assert_cmpstr (name, ==, "Ромашка");
  g_assert_cmpstr (title, ==, "Ромашка");
  g_assert_cmpstr (crm_account_get_name (CRM_ACCOUNT (account)), ==, "Ромашка");

  /* The same value again: no notify, through either door. */
  g_object_set (account, "name", "Ромашка", NULL);
  crm_record_set_string (account, "name", "Ромашка");
  g_assert_cmpuint (notified (&log, "name"), ==, 1);

  /* A field that is not the title does not touch the title. */
  crm_record_set_string (account, "city", "Тверь");
  g_assert_cmpuint (notified (&log, "city"), ==, 1);
  g_assert_cmpuint (notified (&log, "title"), ==, 1);

  /* An empty string is no value. */
  crm_record_set_string (account, "city", "");
  g_assert_null (crm_record_get_string (account, "city"));
  g_assert_cmpuint (notified (&log, "city"), ==, 2);
  crm_record_set_string (account, "city", NULL);
  g_assert_cmpuint (notified (&log, "city"), ==, 2);

  /* Common fields too, int64 and bool. */
  g_object_set (account, "owner-id", (gint64) 7, NULL);
  g_object_get (account, "owner-id", &owner, NULL);
  g_assert_cmpint (owner, ==, 7);
  g_assert_cmpint (crm_record_get_owner_id (account), ==, 7);
  crm_record_set_owner_id (account, 7);
  g_assert_cmpuint (notified (&log, "owner-id"), ==, 1);

  crm_record_set_bool (account, "confirmed", TRUE);
  crm_record_set_bool (account, "confirmed", TRUE);
  g_assert_true (crm_record_get_bool (account, "confirmed"));
  g_assert_cmpuint (notified (&log, "confirmed"), ==, 1);

  crm_record_set_loaded (account, FALSE);
  crm_record_set_loaded (account, FALSE);
  g_assert_false (crm_record_get_loaded (account));
  g_assert_cmpuint (notified (&log, "loaded"), ==, 1);

  crm_record_set_stored (account, 42, 3);
  g_assert_cmpint (crm_record_get_id (account), ==, 42);
  g_assert_cmpint (crm_record_get_version (account), ==, 3);
  g_assert_cmpuint (notified (&log, "id"), ==, 1);
  g_assert_cmpuint (notified (&log, "version"), ==, 1);

  g_hash_table_unref (log.counts);
}

static void
test_title (void)
{
  g_autoptr (CrmRecord) contact = CRM_RECORD (crm_contact_new ());
  g_autofree char *title = NULL;
  g_autofree char *full = NULL;

  /* The title field (full_name) is computed by the database; until it is
   * loaded the title is built from the parts. */
  crm_record_set_string (contact, "last_name", "Громыхайло");
  crm_record_set_string (contact, "first_name", "Игорь");
  crm_record_set_string (contact, "middle_name", "Викторович");
  title = crm_record_dup_title (contact);
  g_assert_cmpstr (title, ==, "Громыхайло Игорь Викторович");
  g_clear_pointer (&title, g_free);

  crm_record_set_string (contact, "middle_name", NULL);
  full = crm_contact_dup_full_name (CRM_CONTACT (contact));
  g_assert_cmpstr (full, ==, "Громыхайло Игорь");

  crm_record_set_string (contact, "full_name", "Как в базе");
  title = crm_record_dup_title (contact);
  g_assert_cmpstr (title, ==, "Как в базе");
}

static void
test_validate (void)
{
  g_autoptr (CrmRecord) account = CRM_RECORD (crm_account_new ());
  g_autoptr (GHashTable) field_errors = NULL;
  g_autoptr (GError) error = NULL;

  crm_record_set_string (account, "name", "  ООО «Ромашка»  ");
  crm_record_set_string (account, "inn", "7707083894");         /* bad checksum */
  crm_record_set_string (account, "phone", "позвонить завтра"); /* not a phone */
  crm_record_set_string (account, "email", "info@");            /* not an address */
  crm_record_set_string (account, "phone2", "8 (916) 325-87-98");
  crm_record_set_string (account, "size_group", "huge"); /* not a choice */

  g_assert_false (crm_record_validate (account, &field_errors, &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "INN: "));
  g_assert_cmpuint (g_hash_table_size (field_errors), ==, 4);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (field_errors, "inn"), "INN: "));
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (field_errors, "phone"), "Phone: "));
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (field_errors, "email"), "E-mail: "));
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (field_errors, "size_group"), "Group: "));
  /* The good values were normalised on the way. */
  g_assert_cmpstr (crm_record_get_string (account, "phone2"), ==, "+79163258798");
  g_assert_cmpstr (crm_record_get_string (account, "name"), ==, "ООО «Ромашка»");
  g_clear_error (&error);
  g_clear_pointer (&field_errors, g_hash_table_unref);

  crm_record_set_string (account, "inn", " 7707083893 ");
  crm_record_set_string (account, "phone", "+7 (495) 111-22-33 доб. 12");
  crm_record_set_string (account, "email", "Info@Romashka.RU");
  crm_record_set_string (account, "size_group", "large");
  g_assert_true (crm_record_validate (account, &field_errors, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (field_errors), ==, 0);
  g_assert_cmpstr (crm_record_get_string (account, "inn"), ==, "7707083893");
  g_assert_cmpstr (crm_record_get_string (account, "phone"), ==, "+74951112233;ext=12");
  g_assert_cmpstr (crm_record_get_string (account, "email"), ==, "Info@romashka.ru");

  /* Required. */
  crm_record_set_string (account, "name", "   ");
  g_assert_false (crm_record_validate (account, NULL, &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpstr (error->message, ==, "Name: this field is required");
}

static void
test_validate_kinds (void)
{
  g_autoptr (CrmRecord) thing = crm_record_new (&thing_type);
  g_autoptr (GHashTable) field_errors = NULL;
  g_autoptr (GError) error = NULL;

  crm_record_set_string (thing, "label", "слишком длинная метка");
  crm_record_set_string (thing, "site", "not a site");
  crm_record_set_string (thing, "kpp", "77360100");
  crm_record_set_string (thing, "ogrn", "1027700132194");
  crm_record_set_string (thing, "bik", "04452522");
  crm_record_set_string (thing, "colour", "Green"); /* the label is accepted */
  g_assert_false (crm_record_validate (thing, &field_errors, &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==, "Label: at most 10 characters are allowed");
  g_assert_cmpuint (g_hash_table_size (field_errors), ==, 5);
  for (const char *const *name = (const char *const[]){ "label", "site", "kpp", "ogrn", "bik", NULL };
       *name != NULL; name++)
    g_assert_true (g_hash_table_contains (field_errors, *name));
  g_assert_cmpstr (crm_record_get_string (thing, "colour"), ==, "green");
  g_clear_error (&error);
  g_clear_pointer (&field_errors, g_hash_table_unref);

  crm_record_set_string (thing, "label", "метка");
  crm_record_set_string (thing, "site", "rapportcrm.org");
  crm_record_set_string (thing, "kpp", "773601001");
  crm_record_set_string (thing, "ogrn", "1027700132195");
  crm_record_set_string (thing, "bik", "044525225");
  g_assert_true (crm_record_validate (thing, &field_errors, &error));
  g_assert_no_error (error);
}

/* set_text → dup_text for every kind, in the forms PostgreSQL prints. */
static void
test_text_round_trip (void)
{
  g_autoptr (CrmRecord) thing = crm_record_new (&thing_type);
  struct
  {
    const char *field;
    const char *in;
    const char *out;
  } cases[] = {
    { "label", "Метка", "Метка" },
    { "notes", "две\nстроки\tи таб", "две\nстроки\tи таб" },
    { "amount", "42", "42" },
    { "amount", "-9223372036854775808", "-9223372036854775808" },
    { "flag", "t", "t" },
    { "flag", "f", "f" },
    { "flag", "true", "t" },
    { "day", "2024-02-29", "2024-02-29" },
    { "day", "1900-01-01", "1900-01-01" },
    { "moment", "2024-05-17 12:34:56.123456+03", "2024-05-17T12:34:56.123456+03" },
    { "moment", "2024-05-17T09:34:56Z", "2024-05-17T09:34:56Z" },
    { "colour", "red", "red" },
    { "parent_id", "123456789012", "123456789012" },
    { "parent_id", NULL, NULL },
    { "phone", "+79163258798", "+79163258798" },
    { "inn", "7707083893", "7707083893" },
    { "shout", "МЕТКА", "МЕТКА" },
    { "id", "17", "17" },
    { "custom", "{\"a\": 1}", "{\"a\": 1}" },
    { "label", NULL, NULL },
    { "label", "", NULL },
    { "day", NULL, NULL },
    { "moment", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *again = NULL;

      g_assert_true (crm_record_set_text (thing, cases[i].field, cases[i].in, &error));
      g_assert_no_error (error);
      out = crm_record_dup_text (thing, cases[i].field);
      g_assert_cmpstr (out, ==, cases[i].out);

      /* The text form reads back to the same value. */
      g_assert_true (crm_record_set_text (thing, cases[i].field, out, &error));
      again = crm_record_dup_text (thing, cases[i].field);
      g_assert_cmpstr (again, ==, out);
    }
}

static void
test_timestamps (void)
{
  g_autoptr (CrmRecord) thing = crm_record_new (&thing_type);
  g_autoptr (GDateTime) expected = g_date_time_new_utc (2024, 5, 17, 9, 34, 56.123456);
  g_autoptr (GError) error = NULL;
  const char *forms[] = {
    "2024-05-17 12:34:56.123456+03", /* timestamptz, ISO DateStyle */
    "2024-05-17 09:34:56.123456+00",
    "2024-05-17 15:04:56.123456+05:30",
    "2024-05-17 04:34:56.123456-05",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      GDateTime *dt;

      g_assert_true (crm_record_set_text (thing, "moment", forms[i], &error));
      g_assert_no_error (error);
      dt = g_value_get_boxed (crm_record_peek_value (thing, "moment"));
      g_assert_nonnull (dt);
      if (!g_date_time_equal (dt, expected))
        {
          g_autofree char *read = g_date_time_format_iso8601 (dt);

          g_test_message ("%s read as %s", forms[i], read);
        }
      g_assert_true (g_date_time_equal (dt, expected));
    }

  /* A date is a local midnight. */
  g_assert_true (crm_record_set_text (thing, "day", "2024-12-31", &error));
  {
    GDateTime *day = g_value_get_boxed (crm_record_peek_value (thing, "day"));

    g_assert_cmpint (g_date_time_get_year (day), ==, 2024);
    g_assert_cmpint (g_date_time_get_month (day), ==, 12);
    g_assert_cmpint (g_date_time_get_day_of_month (day), ==, 31);
    g_assert_cmpint (g_date_time_get_hour (day), ==, 0);
  }
}

static void
test_text_errors (void)
{
  g_autoptr (CrmRecord) thing = crm_record_new (&thing_type);
  g_autoptr (GError) error = NULL;

  crm_record_set_int (thing, "amount", 5);
  g_assert_false (crm_record_set_text (thing, "amount", "пять", &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Amount: "));
  g_assert_cmpint (crm_record_get_int (thing, "amount"), ==, 5);
  g_clear_error (&error);

  g_assert_false (crm_record_set_text (thing, "day", "2024-13-45", &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Day: "));
  g_clear_error (&error);

  g_assert_false (crm_record_set_text (thing, "moment", "infinity", &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (crm_record_set_text (thing, "no_such_field", "x", &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
}

static void
test_display (void)
{
  g_autoptr (CrmRecord) thing = crm_record_new (&thing_type);
  g_autofree char *phone = NULL;
  g_autofree char *colour = NULL;
  g_autofree char *flag = NULL;
  g_autofree char *day = NULL;
  g_autofree char *empty = NULL;

  crm_record_set_string (thing, "phone", "+79163258798");
  crm_record_set_string (thing, "colour", "green");
  crm_record_set_bool (thing, "flag", TRUE);
  g_assert_true (crm_record_set_text (thing, "day", "2024-02-29", NULL));

  phone = crm_record_dup_display (thing, "phone");
  colour = crm_record_dup_display (thing, "colour");
  flag = crm_record_dup_display (thing, "flag");
  day = crm_record_dup_display (thing, "day");
  empty = crm_record_dup_display (thing, "email");
  g_assert_cmpstr (phone, ==, "+7 916 325-87-98");
  g_assert_cmpstr (colour, ==, "Green");
  g_assert_cmpstr (flag, ==, "Yes");
  g_assert_cmpstr (day, ==, "29.02.2024");
  g_assert_null (empty);
}

static void
test_diff (void)
{
  g_autoptr (CrmRecord) a = CRM_RECORD (crm_contact_new ());
  g_autoptr (CrmRecord) b = NULL;
  g_autoptr (GPtrArray) same = NULL;
  g_autoptr (GPtrArray) diff = NULL;
  g_autoptr (GDateTime) when = g_date_time_new_utc (2024, 1, 2, 3, 4, 5);
  g_autoptr (GDateTime) when_again = g_date_time_new_utc (2024, 1, 2, 3, 4, 5);

  crm_record_set_string (a, "last_name", "Петрова");
  g_object_set (a, "last-contact-at", when, NULL);
  b = crm_record_copy (a);
  same = crm_record_diff (a, b);
  g_assert_cmpuint (same->len, ==, 0);

  /* An equal time in another object is no difference. */
  g_object_set (b, "last-contact-at", when_again, NULL);
  crm_record_set_string (b, "last_name", "Петрова-Водкина");
  crm_record_set_int (b, "account_id", 5);
  crm_record_set_string (b, "first_name", ""); /* still empty */
  diff = crm_record_diff (a, b);
  g_assert_cmpuint (diff->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (diff, "last_name", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (diff, "account_id", g_str_equal, NULL));
}

static void
test_copy_assign (void)
{
  g_autoptr (CrmRecord) a = CRM_RECORD (crm_account_new ());
  g_autoptr (CrmRecord) copy = NULL;
  g_autoptr (CrmRecord) placeholder = CRM_RECORD (crm_account_new ());
  g_autoptr (GPtrArray) diff = NULL;
  NotifyLog log = { g_hash_table_new (NULL, NULL) };

  crm_record_set_stored (a, 10, 4);
  crm_record_set_string (a, "name", "Альфа");
  crm_record_set_string (a, "inn", "7707083893");
  crm_record_set_bool (a, "confirmed", TRUE);

  copy = crm_record_copy (a);
  g_assert_true (copy != a);
  g_assert_true (G_OBJECT_TYPE (copy) == CRM_TYPE_ACCOUNT);
  diff = crm_record_diff (a, copy);
  g_assert_cmpuint (diff->len, ==, 0);
  crm_record_set_string (copy, "name", "Бета");
  g_assert_cmpstr (crm_record_get_string (a, "name"), ==, "Альфа");

  /* A lazy list's placeholder: only the id, then filled in place. */
  crm_record_set_stored (placeholder, 10, 0);
  crm_record_set_loaded (placeholder, FALSE);
  g_signal_connect (placeholder, "notify", G_CALLBACK (on_notify_cb), &log);
  crm_record_assign (placeholder, a);
  g_assert_true (crm_record_get_loaded (placeholder));
  g_assert_cmpstr (crm_record_get_string (placeholder, "name"), ==, "Альфа");
  g_assert_cmpint (crm_record_get_version (placeholder), ==, 4);
  g_assert_cmpuint (notified (&log, "name"), ==, 1);
  g_assert_cmpuint (notified (&log, "loaded"), ==, 1);
  g_assert_cmpuint (notified (&log, "version"), ==, 1);
  g_assert_cmpuint (notified (&log, "id"), ==, 0);   /* unchanged */
  g_assert_cmpuint (notified (&log, "city"), ==, 0); /* empty in both */

  g_hash_table_unref (log.counts);
}

/* Values pasted from documents carry no-break spaces and worse. */
static void
test_check_text_edges (void)
{
  const CrmField  *inn = crm_record_type_get_field (&crm_account_type, "inn");
  const CrmField  *name = crm_record_type_get_field (&crm_account_type, "name");
  g_autofree char *normalized = NULL;
  g_autofree char *stripped = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (crm_field_check_text (inn, "\u00a0 7707083893\u2009\n", &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "7707083893");
  g_clear_pointer (&normalized, g_free);

  g_assert_false (crm_field_check_text (name, "\xd0\xd0"
                                              "bad",
                                        &normalized, &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_assert_null (normalized);
  g_clear_error (&error);

  g_assert_false (crm_field_check_text (name, "\u00a0\u3000", &normalized, &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_REQUIRED);

  stripped = crm_text_strip ("\u00a0«Поехали»\u00a0");
  g_assert_cmpstr (stripped, ==, "«Поехали»");
}

static void
test_money (void)
{
  g_autoptr (CrmRecord) thing = crm_record_new (&thing_type);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *none = NULL;

  /* The database's form is kopecks in a bigint. */
  g_assert_true (crm_record_set_text (thing, "price", "123456", &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_int (thing, "price"), ==, 123456);
  text = crm_record_dup_text (thing, "price");
  g_assert_cmpstr (text, ==, "123456");
  shown = crm_record_dup_display (thing, "price");
  g_assert_cmpstr (shown, ==, "1\xc2\xa0"
                              "234,56\xc2\xa0₽");

  /* Nobody's sum stays empty, not "0,00 ₽". */
  g_assert_true (crm_record_set_text (thing, "price", NULL, &error));
  none = crm_record_dup_display (thing, "price");
  g_assert_null (none);

  crm_record_set_withheld (thing, "price", TRUE);
  g_clear_pointer (&shown, g_free);
  shown = crm_record_dup_display (thing, "price");
  g_assert_cmpstr (shown, ==, "Hidden");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record/properties", test_properties);
  g_test_add_func ("/record/set-get-notify", test_set_get_notify);
  g_test_add_func ("/record/title", test_title);
  g_test_add_func ("/record/validate", test_validate);
  g_test_add_func ("/record/validate-kinds", test_validate_kinds);
  g_test_add_func ("/record/text-round-trip", test_text_round_trip);
  g_test_add_func ("/record/timestamps", test_timestamps);
  g_test_add_func ("/record/text-errors", test_text_errors);
  g_test_add_func ("/record/display", test_display);
  g_test_add_func ("/record/diff", test_diff);
  g_test_add_func ("/record/copy-assign", test_copy_assign);
  g_test_add_func ("/record/check-text-edges", test_check_text_edges);
  g_test_add_func ("/record/money", test_money);

  return g_test_run ();
}
