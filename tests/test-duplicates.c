/* test-duplicates.c — finding duplicates and merging records against a
 * real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-duplicates.h"
#include "crm-test-db.h"

/* Text that would do harm if it were ever pasted into SQL. */
#define EVIL "Robert'); DROP TABLE rapport.contacts; --"

typedef CrmTestFixture Fixture;

/* ---- Helpers ---- */

static char *
id_text (CrmRecord *record)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (record));
}

static guint
count (PGconn     *conn,
       const char *sql,
       const char *param)
{
  g_autofree char *value = crm_test_db_query_value (conn, sql, param);

  g_assert_nonnull (value);
  return (guint) g_ascii_strtoull (value, NULL, 10);
}

/* A legal entity's INN (10 digits) from 9 digits, with its check digit. */
static char *
inn10 (const char *nine)
{
  static const int weights[9] = { 2, 4, 10, 3, 5, 9, 4, 6, 8 };
  int              sum = 0;

  g_assert_cmpuint (strlen (nine), ==, 9);
  for (guint i = 0; i < 9; i++)
    sum += (nine[i] - '0') * weights[i];
  return g_strdup_printf ("%s%d", nine, sum % 11 % 10);
}

static CrmRecord *
save (Fixture   *fixture,
      CrmRecord *record)
{
  g_autoptr (GError) error = NULL;
  CrmRecord *saved = crm_store_save_sync (fixture->store, record, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_object_unref (record);
  return saved;
}

static CrmRecord *
add_account (Fixture    *fixture,
             const char *name,
             const char *inn,
             const char *kpp,
             const char *city)
{
  CrmRecord *account = CRM_RECORD (crm_account_new ());

  crm_record_set_string (account, "name", name);
  crm_record_set_string (account, "inn", inn);
  crm_record_set_string (account, "kpp", kpp);
  crm_record_set_string (account, "city", city);
  return save (fixture, account);
}

typedef struct
{
  const char *last, *first, *middle;
  CrmRecord  *account;
  const char *email, *email2, *mobile, *work;
} ContactSpec;

static CrmRecord *
add_contact (Fixture           *fixture,
             const ContactSpec *spec)
{
  CrmRecord *contact = CRM_RECORD (crm_contact_new ());

  crm_record_set_string (contact, "last_name", spec->last);
  crm_record_set_string (contact, "first_name", spec->first);
  crm_record_set_string (contact, "middle_name", spec->middle);
  if (spec->account != NULL)
    crm_record_set_int (contact, "account_id", crm_record_get_id (spec->account));
  crm_record_set_string (contact, "email", spec->email);
  crm_record_set_string (contact, "email2", spec->email2);
  crm_record_set_string (contact, "phone_mobile", spec->mobile);
  crm_record_set_string (contact, "phone_work", spec->work);
  return save (fixture, contact);
}

static GPtrArray *
find (Fixture             *fixture,
      const CrmRecordType *type)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *groups = crm_duplicates_find_sync (fixture->store, type, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (groups);
  return groups;
}

static gboolean
group_has (CrmDuplicateGroup *group,
           CrmRecord         *record)
{
  for (guint i = 0; i < crm_duplicate_group_get_n_records (group); i++)
    if (crm_record_get_id (crm_duplicate_group_get_record (group, i)) == crm_record_get_id (record))
      return TRUE;
  return FALSE;
}

/* The group holding @record, or NULL; asserts there is at most one. */
static CrmDuplicateGroup *
group_of (GPtrArray *groups,
          CrmRecord *record)
{
  CrmDuplicateGroup *found = NULL;

  for (guint i = 0; i < groups->len; i++)
    if (group_has (g_ptr_array_index (groups, i), record))
      {
        g_assert_null (found);
        found = g_ptr_array_index (groups, i);
      }
  return found;
}

/* The group of @records[0] holds exactly @records, in this order (oldest
 * first), for @reason and @value. */
static void
assert_group (GPtrArray         *groups,
              CrmDuplicateReason reason,
              const char        *value,
              CrmRecord        **records,
              guint              n_records)
{
  CrmDuplicateGroup *group = group_of (groups, records[0]);

  g_assert_nonnull (group);
  g_assert_cmpint (crm_duplicate_group_get_reason (group), ==, reason);
  g_assert_cmpstr (crm_duplicate_group_get_value (group), ==, value);
  g_assert_cmpuint (crm_duplicate_group_get_n_records (group), ==, n_records);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (group)), ==, n_records);
  for (guint i = 0; i < n_records; i++)
    {
      g_autoptr (CrmRecord) item = g_list_model_get_item (G_LIST_MODEL (group), i);

      g_assert_cmpint (crm_record_get_id (crm_duplicate_group_get_record (group, i)), ==,
                       crm_record_get_id (records[i]));
      g_assert_cmpint (crm_record_get_id (item), ==, crm_record_get_id (records[i]));
      g_assert_true (crm_record_get_loaded (item));
    }
}

/* ---- Finding ---- */

static void
test_find_accounts_inn (Fixture      *fixture,
                        gconstpointer user_data)
{
  g_autofree char *inn_x = inn10 ("770708389");
  g_autofree char *inn_y = inn10 ("500100732");
  g_autofree char *inn_z = inn10 ("781100011");
  g_autofree char *inn_w = inn10 ("366200102");
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (CrmRecord) x1 = add_account (fixture, "Альфа", inn_x, "770701001", "Москва");
  g_autoptr (CrmRecord) x2 = add_account (fixture, "Альфа-Групп", inn_x, "770701001", "Москва");
  /* Branches: one INN, their own KPPs. */
  g_autoptr (CrmRecord) y1 = add_account (fixture, "Бета (Москва)", inn_y, "770401001", "Москва");
  g_autoptr (CrmRecord) y2 = add_account (fixture, "Бета (Тверь)", inn_y, "695001001", "Тверь");
  /* One without a KPP goes with the one with it. */
  g_autoptr (CrmRecord) z1 = add_account (fixture, "Гамма", inn_z, NULL, "Санкт-Петербург");
  g_autoptr (CrmRecord) z2 = add_account (fixture, "ООО Гамма", inn_z, "781101001", "Санкт-Петербург");
  g_autoptr (CrmRecord) w = add_account (fixture, "Дельта", inn_w, NULL, "Воронеж");
  g_autofree char *value_x = g_strconcat (inn_x, " / 770701001", NULL);
  g_autofree char *value_z = g_strconcat (inn_z, " / 781101001", NULL);
  g_autofree char *label = NULL;

  groups = find (fixture, &crm_account_type);

  g_assert_cmpuint (groups->len, ==, 2);
  assert_group (groups, CRM_DUPLICATE_SAME_INN, value_x, (CrmRecord *[]){ x1, x2 }, 2);
  assert_group (groups, CRM_DUPLICATE_SAME_INN, value_z, (CrmRecord *[]){ z1, z2 }, 2);
  g_assert_null (group_of (groups, y1));
  g_assert_null (group_of (groups, y2));
  g_assert_null (group_of (groups, w));
  /* Oldest group first. */
  g_assert_true (group_has (g_ptr_array_index (groups, 0), x1));

  label = crm_duplicate_group_dup_label (group_of (groups, x1));
  g_assert_true (strstr (label, inn_x) != NULL);
  g_assert_cmpint (crm_duplicate_group_get_record_type (group_of (groups, x1)) == &crm_account_type, ==, TRUE);
}

static void
test_find_accounts_name (Fixture      *fixture,
                         gconstpointer user_data)
{
  g_autofree char *inn_a = inn10 ("770708389");
  g_autofree char *inn_b = inn10 ("500100732");
  g_autofree char *inn_c = inn10 ("781100011");
  g_autoptr (GPtrArray) groups = NULL;
  /* ё/е, case and spaces do not matter; the city must be the same. */
  g_autoptr (CrmRecord) e1 = add_account (fixture, "ООО «Ёлка»", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) e2 = add_account (fixture, "ооо  «елка»", NULL, NULL, "москва");
  g_autoptr (CrmRecord) e3 = add_account (fixture, "ООО «Елка»", NULL, NULL, "Казань");
  /* Different INNs: two companies of one name. */
  g_autoptr (CrmRecord) s1 = add_account (fixture, "Сигма", inn_a, NULL, "Тула");
  g_autoptr (CrmRecord) s2 = add_account (fixture, "Сигма", inn_b, NULL, "Тула");
  /* An INN and none: the same. */
  g_autoptr (CrmRecord) t1 = add_account (fixture, "Тау", inn_c, NULL, "Омск");
  g_autoptr (CrmRecord) t2 = add_account (fixture, "ТАУ", NULL, NULL, "Омск");
  g_autofree char *label = NULL;

  groups = find (fixture, &crm_account_type);

  g_assert_cmpuint (groups->len, ==, 2);
  assert_group (groups, CRM_DUPLICATE_SAME_NAME, "ооо «елка»", (CrmRecord *[]){ e1, e2 }, 2);
  assert_group (groups, CRM_DUPLICATE_SAME_NAME, "тау", (CrmRecord *[]){ t1, t2 }, 2);
  g_assert_null (group_of (groups, e3));
  g_assert_null (group_of (groups, s1));
  g_assert_null (group_of (groups, s2));

  label = crm_duplicate_group_dup_label (group_of (groups, e1));
  g_assert_cmpstr (label, ==, "Same name “ООО «Ёлка»” in Москва");
}

static void
test_find_contacts (Fixture      *fixture,
                    gconstpointer user_data)
{
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (CrmRecord) romashka = NULL;
  g_autoptr (CrmRecord) zvezda = NULL;
  g_autoptr (CrmRecord) mail1 = NULL, mail2 = NULL, mail3 = NULL;
  g_autoptr (CrmRecord) phone1 = NULL, phone2 = NULL;
  g_autoptr (CrmRecord) name1 = NULL, name2 = NULL, name3 = NULL;
  g_autoptr (CrmRecord) desk1 = NULL, desk2 = NULL;
  g_autoptr (CrmRecord) both1 = NULL, both2 = NULL;
  g_autoptr (CrmRecord) lone = NULL;
  g_autofree char *label = NULL;

  romashka = add_account (fixture, "Ромашка", NULL, NULL, "Москва");
  crm_record_set_string (romashka, "phone", "+7 495 111-22-33");
  crm_record_set_string (romashka, "email", "info@romashka.ru");
  romashka = save (fixture, g_steal_pointer (&romashka));
  zvezda = add_account (fixture, "Звезда", NULL, NULL, "Москва");

  /* The same address in any case, in either e-mail field. */
  mail1 = add_contact (fixture, &(ContactSpec){ "Петров", "Иван", .email = "Ivan.Petrov@Example.ru" });
  mail2 = add_contact (fixture, &(ContactSpec){ "Петров", "Ваня", .email = "ivan.petrov@example.ru" });
  mail3 = add_contact (fixture, &(ContactSpec){ "Петрова", "Анна", .email = "anna@example.ru", .email2 = "IVAN.PETROV@example.ru" });
  /* One number in two spellings, mobile and work: stored as E.164. */
  phone1 = add_contact (fixture, &(ContactSpec){ "Громов", "Олег", .mobile = "8 (916) 325-87-98" });
  phone2 = add_contact (fixture, &(ContactSpec){ "Громов", "О.", .work = "+7 916 325 87 98" });
  /* ё/е and case; the same account, not another one. */
  name1 = add_contact (fixture, &(ContactSpec){ "Ёлкина", "Алёна", "Петровна", romashka });
  name2 = add_contact (fixture, &(ContactSpec){ "ЕЛКИНА", "Алена", "петровна", romashka });
  name3 = add_contact (fixture, &(ContactSpec){ "Ёлкина", "Алёна", "Петровна", zvezda });
  /* The company's switchboard and info@ are not a person's. */
  desk1 = add_contact (fixture, &(ContactSpec){ "Сидоров", "Пётр", .account = romashka, .email = "info@romashka.ru", .work = "+74951112233" });
  desk2 = add_contact (fixture, &(ContactSpec){ "Кузнецов", "Илья", .account = romashka, .email = "INFO@romashka.ru", .work = "+7 (495) 111-22-33" });
  /* Same e-mail and same phone: one group, the stronger reason. */
  both1 = add_contact (fixture, &(ContactSpec){ "Орлов", "Юрий", .email = "orlov@example.ru", .mobile = "+79031234567" });
  both2 = add_contact (fixture, &(ContactSpec){ "Орлов", "Юра", .email = "orlov@example.ru", .mobile = "89031234567" });
  lone = add_contact (fixture, &(ContactSpec){ "Одинокий", "Ян", .email = "yan@example.ru", .mobile = "+79990001122" });

  g_assert_cmpstr (crm_record_get_string (phone2, "phone_work"), ==, "+79163258798");

  groups = find (fixture, &crm_contact_type);

  g_assert_cmpuint (groups->len, ==, 4);
  assert_group (groups, CRM_DUPLICATE_SAME_EMAIL, "ivan.petrov@example.ru", (CrmRecord *[]){ mail1, mail2, mail3 }, 3);
  assert_group (groups, CRM_DUPLICATE_SAME_PHONE, "+79163258798", (CrmRecord *[]){ phone1, phone2 }, 2);
  assert_group (groups, CRM_DUPLICATE_SAME_NAME, "елкина алена петровна", (CrmRecord *[]){ name1, name2 }, 2);
  assert_group (groups, CRM_DUPLICATE_SAME_EMAIL, "orlov@example.ru", (CrmRecord *[]){ both1, both2 }, 2);
  g_assert_null (group_of (groups, name3));
  g_assert_null (group_of (groups, desk1));
  g_assert_null (group_of (groups, desk2));
  g_assert_null (group_of (groups, lone));

  /* Strongest reason first, then the oldest record. */
  g_assert_cmpint (crm_duplicate_group_get_reason (g_ptr_array_index (groups, 0)), ==, CRM_DUPLICATE_SAME_EMAIL);
  g_assert_true (group_has (g_ptr_array_index (groups, 0), mail1));
  g_assert_true (group_has (g_ptr_array_index (groups, 1), both1));
  g_assert_cmpint (crm_duplicate_group_get_reason (g_ptr_array_index (groups, 3)), ==, CRM_DUPLICATE_SAME_NAME);

  label = crm_duplicate_group_dup_label (group_of (groups, phone1));
  g_assert_cmpstr (label, ==, "Same phone +7 916 325-87-98");
  g_clear_pointer (&label, g_free);
  label = crm_duplicate_group_dup_label (group_of (groups, name1));
  g_assert_cmpstr (label, ==, "Same name “Ёлкина Алёна Петровна” at the same account");
}

static void
test_find_none (Fixture      *fixture,
                gconstpointer user_data)
{
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GPtrArray) contacts = NULL;

  /* Nothing at all, then the demo data: real-looking, distinct records. */
  accounts = find (fixture, &crm_account_type);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_clear_pointer (&accounts, g_ptr_array_unref);

  crm_test_db_load_demo (fixture->store);
  accounts = find (fixture, &crm_account_type);
  contacts = find (fixture, &crm_contact_type);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_assert_cmpuint (contacts->len, ==, 0);
  g_assert_true (crm_duplicates_supported (&crm_account_type));
  g_assert_true (crm_duplicates_supported (&crm_contact_type));
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

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (slot);
}

static void
test_find_async (Fixture      *fixture,
                 gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *slot = NULL;
  g_autoptr (CrmRecord) a = add_contact (fixture, &(ContactSpec){ "Ким", "Ли", .mobile = "+79161112233" });
  g_autoptr (CrmRecord) b = add_contact (fixture, &(ContactSpec){ "Ким", "Лиана", .mobile = "+7 916 111-22-33" });

  crm_duplicates_find_async (fixture->store, &crm_contact_type, NULL, on_result_cb, &slot);
  result = wait_for (&slot);
  groups = crm_duplicates_find_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  assert_group (groups, CRM_DUPLICATE_SAME_PHONE, "+79161112233", (CrmRecord *[]){ a, b }, 2);
  g_clear_object (&result);

  /* Cancelled before it ran: an error, no groups. */
  g_cancellable_cancel (cancellable);
  crm_duplicates_find_async (fixture->store, &crm_contact_type, cancellable, on_result_cb, &slot);
  result = wait_for (&slot);
  g_assert_null (crm_duplicates_find_finish (fixture->store, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_find_limit (Fixture      *fixture,
                 gconstpointer user_data)
{
  g_autoptr (GPtrArray) groups = NULL;

  /* 600 pairs sharing a phone, written behind the store's back. */
  crm_test_db_exec (fixture->conn,
                    "INSERT INTO rapport.contacts (last_name, phone_mobile)"
                    " SELECT 'Номер ' || (i % 600), '+7916' || lpad((i % 600)::text, 7, '0')"
                    " FROM generate_series(0, 1199) i");

  groups = find (fixture, &crm_contact_type);
  g_assert_cmpuint (groups->len, ==, CRM_DUPLICATES_MAX_GROUPS);
  for (guint i = 0; i < groups->len; i++)
    {
      CrmDuplicateGroup *group = g_ptr_array_index (groups, i);
      g_autofree char   *expected = g_strdup_printf ("+7916%07u", i);

      g_assert_cmpint (crm_duplicate_group_get_reason (group), ==, CRM_DUPLICATE_SAME_PHONE);
      g_assert_cmpstr (crm_duplicate_group_get_value (group), ==, expected);
      g_assert_cmpuint (crm_duplicate_group_get_n_records (group), ==, 2);
    }
}

/* ---- Merging ---- */

static void
test_merge_defaults (void)
{
  g_autoptr (CrmRecord) a = CRM_RECORD (crm_account_new ());
  g_autoptr (CrmRecord) b = CRM_RECORD (crm_account_new ());
  g_autoptr (GHashTable) choices = NULL;
  g_autoptr (GHashTable) some = NULL;
  g_autoptr (CrmRecord) preview = NULL;
  g_autoptr (GPtrArray) fields = crm_merge_dup_fields (&crm_account_type);

  crm_record_set_string (a, "name", "Альфа");
  crm_record_set_string (a, "city", "");
  crm_record_set_string (b, "name", "Альфа ООО");
  crm_record_set_string (b, "city", "Тула");
  crm_record_set_string (b, "comments", "из B");
  crm_record_set_bool (b, "confirmed", TRUE);
  crm_record_set_string (b, "custom", "{\"x\": 1}");

  choices = crm_merge_default_choices (a, b);
  g_assert_cmpuint (g_hash_table_size (choices), ==, fields->len);
  g_assert_cmpstr (g_hash_table_lookup (choices, "name"), ==, CRM_MERGE_KEEP_A);
  g_assert_cmpstr (g_hash_table_lookup (choices, "city"), ==, CRM_MERGE_TAKE_B);
  g_assert_cmpstr (g_hash_table_lookup (choices, "comments"), ==, CRM_MERGE_TAKE_B);
  g_assert_cmpstr (g_hash_table_lookup (choices, "phone"), ==, CRM_MERGE_KEEP_A);
  g_assert_cmpstr (g_hash_table_lookup (choices, "custom"), ==, CRM_MERGE_TAKE_B);
  /* A yes/no always has a value: A's. */
  g_assert_cmpstr (g_hash_table_lookup (choices, "confirmed"), ==, CRM_MERGE_KEEP_A);
  g_assert_null (g_hash_table_lookup (choices, "contact_count"));
  g_assert_null (g_hash_table_lookup (choices, "id"));

  some = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (some, (gpointer) "name", (gpointer) CRM_MERGE_TAKE_B);
  g_hash_table_insert (some, (gpointer) "city", (gpointer) CRM_MERGE_KEEP_A);
  preview = crm_merge_preview (a, b, some);
  g_assert_cmpstr (crm_record_get_string (preview, "name"), ==, "Альфа ООО");
  g_assert_cmpstr (crm_record_get_string (preview, "city"), ==, crm_record_get_string (a, "city"));
  g_assert_cmpstr (crm_record_get_string (preview, "comments"), ==, "из B");
  g_assert_false (crm_record_get_bool (preview, "confirmed"));
  /* A itself is untouched. */
  g_assert_cmpstr (crm_record_get_string (a, "name"), ==, "Альфа");
}

static void
test_merge_accounts (Fixture      *fixture,
                     gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *inn = inn10 ("770708389");
  g_autoptr (CrmRecord) a = add_account (fixture, "Альфа", inn, NULL, "Москва");
  g_autoptr (CrmRecord) b = add_account (fixture, "Альфа ООО", inn, "770701001", "Москва");
  g_autoptr (CrmRecord) on_a = add_contact (fixture, &(ContactSpec){ "Первый", .account = a });
  g_autoptr (CrmRecord) on_b1 = NULL;
  g_autoptr (CrmRecord) on_b2 = NULL;
  g_autoptr (CrmRecord) kept = NULL;
  g_autoptr (CrmRecord) gone = NULL;
  g_autoptr (GHashTable) choices = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *a_id = id_text (a);
  g_autofree char *b_id = NULL;
  g_autofree char *c1_id = NULL;
  g_autofree char *value = NULL;
  guint            b_history;
  gint             a_version = crm_record_get_version (a);

  /* B has a history of its own before the merge. */
  crm_record_set_string (b, "phone", "+7 495 123-45-67");
  crm_record_set_string (b, "comments", "Старый клиент");
  b = save (fixture, g_steal_pointer (&b));
  crm_record_set_string (b, "comments", "Старый клиент, звонить утром");
  b = save (fixture, g_steal_pointer (&b));
  b_id = id_text (b);
  on_b1 = add_contact (fixture, &(ContactSpec){ "Второй", .account = b });
  on_b2 = add_contact (fixture, &(ContactSpec){ "Третий", .account = b });
  c1_id = id_text (on_b1);
  b_history = count (fixture->conn, "SELECT count(*) FROM rapport.audit_log WHERE table_name = 'accounts' AND record_id = $1", b_id);
  g_assert_cmpuint (b_history, ==, 3);

  g_hash_table_insert (choices, (gpointer) "name", (gpointer) CRM_MERGE_TAKE_B);
  kept = crm_merge_records_sync (fixture->store, a, b, choices, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);

  /* A: the chosen name, B's values where A had none, A's where it had. */
  g_assert_cmpint (crm_record_get_id (kept), ==, crm_record_get_id (a));
  g_assert_cmpint (crm_record_get_version (kept), ==, a_version + 1);
  g_assert_cmpstr (crm_record_get_string (kept, "name"), ==, "Альфа ООО");
  g_assert_cmpstr (crm_record_get_string (kept, "phone"), ==, "+74951234567");
  g_assert_cmpstr (crm_record_get_string (kept, "kpp"), ==, "770701001");
  g_assert_cmpstr (crm_record_get_string (kept, "comments"), ==, "Старый клиент, звонить утром");
  g_assert_cmpstr (crm_record_get_string (kept, "city"), ==, "Москва");
  g_assert_cmpint (crm_record_get_int (kept, "contact_count"), ==, 3);

  /* Every contact of B is A's now; B is gone. */
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.contacts WHERE account_id = $1", a_id), ==, 3);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.contacts WHERE account_id = $1", b_id), ==, 0);
  gone = crm_store_get_sync (fixture->store, &crm_account_type, crm_record_get_id (b), NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_assert_null (gone);
  g_clear_error (&error);
  /* The moved contacts search by their new account's (new) name. */
  g_assert_cmpuint (count (fixture->conn,
                           "SELECT count(*) FROM rapport.contacts"
                           " WHERE account_id = $1 AND last_name <> 'Первый' AND search_text LIKE '%альфа ооо%'",
                           a_id),
                    ==, 2);

  /* rapport.merges keeps B's last state and what moved. */
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.merges WHERE table_name = 'accounts' AND kept_id = $1", a_id), ==, 1);
  value = crm_test_db_query_value (fixture->conn, "SELECT merged_row->>'comments' FROM rapport.merges WHERE merged_id = $1", b_id);
  g_assert_cmpstr (value, ==, "Старый клиент, звонить утром");
  g_clear_pointer (&value, g_free);
  value = crm_test_db_query_value (fixture->conn, "SELECT merged_row->>'version' FROM rapport.merges WHERE merged_id = $1", b_id);
  g_assert_cmpstr (value, ==, "3");
  g_clear_pointer (&value, g_free);
  value = crm_test_db_query_value (fixture->conn, "SELECT moved->'rapport.contacts.account_id' ->> 0 FROM rapport.merges WHERE merged_id = $1", b_id);
  g_assert_cmpstr (value, ==, c1_id);
  g_clear_pointer (&value, g_free);
  value = crm_test_db_query_value (fixture->conn, "SELECT actor FROM rapport.merges WHERE merged_id = $1", b_id);
  g_assert_nonnull (value);
  g_assert_cmpstr (value, !=, "");

  /* The audit trail: B's history untouched, then its delete; A's update;
   * each moved contact's account. */
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.audit_log WHERE table_name = 'accounts' AND record_id = $1 AND op <> 'D'", b_id), ==, b_history);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.audit_log WHERE table_name = 'accounts' AND record_id = $1 AND op = 'D' AND fields->'name'->>'old' = 'Альфа ООО'", b_id), ==, 1);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.audit_log WHERE table_name = 'accounts' AND record_id = $1 AND op = 'U' AND fields->'name'->>'new' = 'Альфа ООО'", a_id), ==, 1);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.audit_log WHERE table_name = 'contacts' AND op = 'U' AND (fields->'account_id'->>'old')::bigint = $1::bigint", b_id), ==, 2);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.changes WHERE table_name = 'accounts' AND record_id = $1 AND op = 'D'", b_id), ==, 1);

  /* The History view's query: A's history with B's in it. */
  g_assert_cmpuint (count (fixture->conn,
                           "SELECT count(*) FROM rapport.audit_log l WHERE l.table_name = 'accounts'"
                           " AND l.record_id IN (SELECT rapport.merged_ids('accounts', $1))",
                           a_id),
                    ==, 1 /* A inserted */ + 1 /* A merged */ + b_history + 1 /* B deleted */);
}

static void
test_merge_contacts (Fixture      *fixture,
                     gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) romashka = add_account (fixture, "Ромашка", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) a = add_contact (fixture, &(ContactSpec){ "Ёлкина", "Алёна", .email = "alena@example.ru" });
  g_autoptr (CrmRecord) b = add_contact (fixture, &(ContactSpec){ "Елкина", "Алена", "Петровна", romashka, "ALENA@example.ru", .mobile = "+79160000001" });
  g_autoptr (GHashTable) choices = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (CrmRecord) kept = NULL;
  g_autoptr (GPtrArray) groups = NULL;

  g_hash_table_insert (choices, (gpointer) "email", (gpointer) CRM_MERGE_TAKE_B);
  kept = crm_merge_records_sync (fixture->store, a, b, choices, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (crm_record_get_string (kept, "last_name"), ==, "Ёлкина");
  g_assert_cmpstr (crm_record_get_string (kept, "middle_name"), ==, "Петровна");
  g_assert_cmpstr (crm_record_get_string (kept, "email"), ==, "ALENA@example.ru");
  g_assert_cmpstr (crm_record_get_string (kept, "phone_mobile"), ==, "+79160000001");
  g_assert_cmpint (crm_record_get_int (kept, "account_id"), ==, crm_record_get_id (romashka));
  g_assert_cmpstr (crm_record_get_string (kept, "account_name"), ==, "Ромашка");

  /* No duplicates left. */
  groups = find (fixture, &crm_contact_type);
  g_assert_cmpuint (groups->len, ==, 0);
}

/* Nothing of a refused merge is left behind. */
static void
assert_unmerged (Fixture   *fixture,
                 CrmRecord *a,
                 gint       a_version,
                 CrmRecord *b,
                 guint      b_contacts)
{
  g_autofree char *a_id = id_text (a);
  g_autofree char *b_id = id_text (b);
  g_autofree char *version = NULL;

  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.merges", NULL), ==, 0);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.accounts WHERE id = $1", b_id), ==, 1);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.contacts WHERE account_id = $1", b_id), ==, b_contacts);
  version = crm_test_db_query_value (fixture->conn, "SELECT version FROM rapport.accounts WHERE id = $1", a_id);
  g_assert_cmpint (atoi (version), ==, a_version);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.audit_log WHERE op = 'D'", NULL), ==, 0);
}

static void
test_merge_conflict (Fixture      *fixture,
                     gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) a = add_account (fixture, "Альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) b = add_account (fixture, "альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) contact = add_contact (fixture, &(ContactSpec){ "Первый", .account = b });
  g_autoptr (CrmRecord) b_now = NULL;
  g_autoptr (CrmRecord) a_now = NULL;
  g_autoptr (CrmRecord) kept = NULL;

  /* Someone else saves B after we loaded it. */
  b_now = crm_record_copy (b);
  crm_record_set_string (b_now, "comments", "Изменено коллегой");
  b_now = save (fixture, g_steal_pointer (&b_now));

  kept = crm_merge_records_sync (fixture->store, a, b, NULL, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "альфа"));
  g_assert_null (kept);
  g_clear_error (&error);
  assert_unmerged (fixture, a, crm_record_get_version (a), b, 1);

  /* And A moved while B is current. */
  a_now = crm_record_copy (a);
  crm_record_set_string (a_now, "comments", "Тоже изменено");
  a_now = save (fixture, g_steal_pointer (&a_now));

  kept = crm_merge_records_sync (fixture->store, a, b_now, NULL, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Альфа"));
  g_assert_null (kept);
  g_clear_error (&error);
  assert_unmerged (fixture, a, crm_record_get_version (a_now), b, 1);

  /* With both current it goes through. */
  kept = crm_merge_records_sync (fixture->store, a_now, b_now, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_version (kept), ==, crm_record_get_version (a_now) + 1);

  /* B is gone: merging it again says so. */
  g_clear_object (&kept);
  kept = crm_merge_records_sync (fixture->store, a_now, b_now, NULL, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_assert_null (kept);
}

static void
test_merge_refused (Fixture      *fixture,
                    gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) a = add_account (fixture, "Альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) b = add_account (fixture, "Альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) contact = add_contact (fixture, &(ContactSpec){ "Первый", .account = b });
  g_autoptr (CrmRecord) same = crm_record_copy (a);
  g_autoptr (GHashTable) choices = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (CrmRecord) kept = NULL;

  /* With itself. */
  kept = crm_merge_records_sync (fixture->store, a, same, NULL, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_null (kept);
  g_clear_error (&error);
  assert_unmerged (fixture, a, crm_record_get_version (a), b, 1);

  /* A field that is not there, or computed; a choice other than a/b. */
  g_hash_table_insert (choices, (gpointer) "contact_count", (gpointer) CRM_MERGE_TAKE_B);
  kept = crm_merge_records_sync (fixture->store, a, b, choices, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "contact_count"));
  g_clear_error (&error);
  g_hash_table_remove_all (choices);
  g_hash_table_insert (choices, (gpointer) "name", (gpointer) EVIL);
  kept = crm_merge_records_sync (fixture->store, a, b, choices, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "name"));
  g_clear_error (&error);
  assert_unmerged (fixture, a, crm_record_get_version (a), b, 1);

  /* A's new values are checked like a save: B's bad INN never gets in. */
  crm_record_set_string (b, "inn", "1234567890");
  g_hash_table_remove_all (choices);
  g_hash_table_insert (choices, (gpointer) "inn", (gpointer) CRM_MERGE_TAKE_B);
  kept = crm_merge_records_sync (fixture->store, a, b, choices, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "INN"));
  g_assert_null (kept);
  assert_unmerged (fixture, a, crm_record_get_version (a), b, 1);
}

static void
test_merge_injection (Fixture      *fixture,
                      gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) a = add_account (fixture, EVIL, NULL, NULL, EVIL);
  g_autoptr (CrmRecord) b = add_account (fixture, EVIL, NULL, NULL, EVIL);
  g_autoptr (CrmRecord) ca = add_contact (fixture, &(ContactSpec){ EVIL, EVIL, EVIL, b, .email = "o'brien@example.ru" });
  g_autoptr (CrmRecord) cb = add_contact (fixture, &(ContactSpec){ EVIL, EVIL, EVIL, b, .email = "O'Brien@example.ru" });
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  g_autoptr (CrmRecord) kept = NULL;
  g_autoptr (CrmRecord) kept_contact = NULL;
  g_autoptr (CrmRecord) reloaded_a = NULL;
  g_autoptr (CrmRecord) reloaded_b = NULL;
  g_autofree char *value = NULL;

  crm_record_set_string (b, "comments", EVIL);
  b = save (fixture, g_steal_pointer (&b));

  accounts = find (fixture, &crm_account_type);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpint (crm_duplicate_group_get_reason (g_ptr_array_index (accounts, 0)), ==, CRM_DUPLICATE_SAME_NAME);
  contacts = find (fixture, &crm_contact_type);
  g_assert_cmpuint (contacts->len, ==, 1);
  assert_group (contacts, CRM_DUPLICATE_SAME_EMAIL, "o'brien@example.ru", (CrmRecord *[]){ ca, cb }, 2);

  kept = crm_merge_records_sync (fixture->store, a, b, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (kept, "name"), ==, EVIL);
  g_assert_cmpstr (crm_record_get_string (kept, "comments"), ==, EVIL);
  /* Moving the contacts to A gave them new versions. */
  reloaded_a = crm_store_get_sync (fixture->store, &crm_contact_type, crm_record_get_id (ca), NULL, &error);
  g_assert_no_error (error);
  reloaded_b = crm_store_get_sync (fixture->store, &crm_contact_type, crm_record_get_id (cb), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_int (reloaded_b, "account_id"), ==, crm_record_get_id (a));
  kept_contact = crm_merge_records_sync (fixture->store, reloaded_a, reloaded_b, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (kept_contact, "last_name"), ==, EVIL);

  /* Every table is still there, with the text as it was typed. */
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.contacts WHERE last_name = $1", EVIL), ==, 1);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.accounts WHERE city = $1", EVIL), ==, 1);
  value = crm_test_db_query_value (fixture->conn, "SELECT merged_row->>'comments' FROM rapport.merges WHERE table_name = 'accounts'", NULL);
  g_assert_cmpstr (value, ==, EVIL);
}

static void
test_merge_chain (Fixture      *fixture,
                  gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) a = add_account (fixture, "Альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) b = add_account (fixture, "Альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) c = add_account (fixture, "Альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) other = add_account (fixture, "Бета", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) on_c = add_contact (fixture, &(ContactSpec){ "Первый", .account = c });
  g_autoptr (CrmRecord) b2 = NULL;
  g_autoptr (CrmRecord) a2 = NULL;
  g_autofree char *a_id = id_text (a);
  g_autofree char *ids = NULL;
  g_autofree char *expected = NULL;

  /* C into B, then B into A: A's history holds all three. */
  b2 = crm_merge_records_sync (fixture->store, b, c, NULL, NULL, &error);
  g_assert_no_error (error);
  a2 = crm_merge_records_sync (fixture->store, a, b2, NULL, NULL, &error);
  g_assert_no_error (error);

  ids = crm_test_db_query_value (fixture->conn,
                                 "SELECT string_agg(id::text, ',' ORDER BY id)"
                                 " FROM rapport.merged_ids('accounts', $1) id",
                                 a_id);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                              crm_record_get_id (a), crm_record_get_id (b), crm_record_get_id (c));
  g_assert_cmpstr (ids, ==, expected);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.contacts WHERE account_id = $1", a_id), ==, 1);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.accounts", NULL), ==, 2);
}

static CrmRecord *
reload (Fixture   *fixture,
        CrmRecord *record)
{
  g_autoptr (GError) error = NULL;
  CrmRecord *loaded = crm_store_get_sync (fixture->store, crm_record_get_record_type (record),
                                          crm_record_get_id (record), NULL, &error);

  g_assert_no_error (error);
  return loaded;
}

/* Tables and references added later are found in pg_catalog: rows of a
 * table that cascades on delete survive, a reference between the two
 * merged records does not become a self-reference. */
static void
test_merge_later_references (Fixture      *fixture,
                             gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) a = add_account (fixture, "Альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) b = add_account (fixture, "Альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) c = add_account (fixture, "Филиал", NULL, NULL, "Тула");
  g_autoptr (CrmRecord) a_now = NULL;
  g_autoptr (CrmRecord) b_now = NULL;
  g_autoptr (CrmRecord) kept = NULL;
  g_autofree char *a_id = id_text (a);
  g_autofree char *b_id = id_text (b);
  g_autofree char *c_id = id_text (c);
  g_autofree char *value = NULL;
  g_autofree char *expected = NULL;

  crm_test_db_exec (fixture->conn,
                    "CREATE TABLE rapport.test_notes ("
                    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    " account_id bigint NOT NULL REFERENCES rapport.accounts (id) ON DELETE CASCADE,"
                    " body text);"
                    "ALTER TABLE rapport.accounts ADD COLUMN parent_id bigint"
                    " REFERENCES rapport.accounts (id) ON DELETE SET NULL");
  g_free (crm_test_db_query_value (fixture->conn,
                                   "INSERT INTO rapport.test_notes (account_id, body)"
                                   " SELECT $1::bigint, 'заметка ' || i FROM generate_series(1, 2) i RETURNING 1",
                                   b_id));
  g_free (crm_test_db_query_value (fixture->conn,
                                   "UPDATE rapport.accounts SET parent_id = $1::bigint"
                                   " WHERE id <> $1::bigint RETURNING 1",
                                   b_id));

  a_now = reload (fixture, a);
  b_now = reload (fixture, b);
  kept = crm_merge_records_sync (fixture->store, a_now, b_now, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.test_notes WHERE account_id = $1", a_id), ==, 2);
  value = crm_test_db_query_value (fixture->conn, "SELECT parent_id FROM rapport.accounts WHERE id = $1", c_id);
  g_assert_cmpstr (value, ==, a_id);
  g_clear_pointer (&value, g_free);
  value = crm_test_db_query_value (fixture->conn, "SELECT parent_id FROM rapport.accounts WHERE id = $1", a_id);
  g_assert_null (value);

  value = crm_test_db_query_value (fixture->conn,
                                   "SELECT moved->'rapport.accounts.parent_id' FROM rapport.merges WHERE merged_id = $1",
                                   b_id);
  expected = g_strdup_printf ("[%s, %s]", a_id, c_id);
  g_assert_cmpstr (value, ==, expected);
  g_assert_cmpuint (count (fixture->conn,
                           "SELECT jsonb_array_length(moved->'rapport.test_notes.account_id') FROM rapport.merges WHERE merged_id = $1",
                           b_id),
                    ==, 2);
}

static void
test_merge_async (Fixture      *fixture,
                  gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr (CrmRecord) a = add_account (fixture, "Альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) b = add_account (fixture, "Альфа", NULL, NULL, "Москва");
  g_autoptr (CrmRecord) kept = NULL;

  crm_merge_records_async (fixture->store, a, b, NULL, NULL, on_result_cb, &slot);
  result = wait_for (&slot);
  kept = crm_merge_records_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_id (kept), ==, crm_record_get_id (a));
  g_clear_object (&result);

  /* A refusal comes back through the callback too. */
  crm_merge_records_async (fixture->store, a, a, NULL, NULL, on_result_cb, &slot);
  result = wait_for (&slot);
  g_assert_null (crm_merge_records_finish (fixture->store, result, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  crm_test_db_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, "duplicates", crm_test_fixture_set_up, func, crm_test_fixture_tear_down)

  ADD ("/duplicates/find/accounts-inn", test_find_accounts_inn);
  ADD ("/duplicates/find/accounts-name", test_find_accounts_name);
  ADD ("/duplicates/find/contacts", test_find_contacts);
  ADD ("/duplicates/find/none", test_find_none);
  ADD ("/duplicates/find/async", test_find_async);
  ADD ("/duplicates/find/limit", test_find_limit);
  g_test_add_func ("/duplicates/merge/defaults", test_merge_defaults);
  ADD ("/duplicates/merge/accounts", test_merge_accounts);
  ADD ("/duplicates/merge/contacts", test_merge_contacts);
  ADD ("/duplicates/merge/conflict", test_merge_conflict);
  ADD ("/duplicates/merge/refused", test_merge_refused);
  ADD ("/duplicates/merge/injection", test_merge_injection);
  ADD ("/duplicates/merge/chain", test_merge_chain);
  ADD ("/duplicates/merge/later-references", test_merge_later_references);
  ADD ("/duplicates/merge/async", test_merge_async);

#undef ADD

  return g_test_run ();
}
