/* test-audit.c — the audit trail read back through the store: a record's
 * history after insert, update, delete, import and merge, the names of
 * people and referenced records, paging, and the whole log's filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crm-account.h"
#include "crm-audit.h"
#include "crm-contact.h"
#include "crm-duplicates.h"
#include "crm-importer.h"
#include "crm-test-db.h"

static CrmRecord *
save (CrmTestFixture *fixture,
      CrmRecord      *record)
{
  g_autoptr (GError) error = NULL;
  CrmRecord *saved = crm_store_save_sync (fixture->store, record, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (saved);
  return saved;
}

static GPtrArray *
history (CrmTestFixture      *fixture,
         const CrmRecordType *type,
         gint64               id)
{
  g_autoptr (GError) error = NULL;
  gboolean   more = TRUE;
  GPtrArray *entries = crm_audit_history_sync (fixture->store, type, id, 0, 100, &more, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_false (more);
  return entries;
}

static GPtrArray *
log_with (CrmTestFixture       *fixture,
          const CrmAuditFilter *filter)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *entries = crm_audit_log_sync (fixture->store, filter, 0, 1000, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static CrmAuditEntry *
entry_at (GPtrArray *entries,
          guint      index)
{
  g_assert_cmpuint (index, <, entries->len);
  return g_ptr_array_index (entries, index);
}

static void
assert_change (CrmAuditEntry *entry,
               const char    *field,
               const char    *old_text,
               const char    *new_text)
{
  CrmAuditChange *change = crm_audit_entry_find_change (entry, field);

  g_assert_nonnull (change);
  g_assert_cmpstr (change->old_text, ==, old_text);
  g_assert_cmpstr (change->new_text, ==, new_text);
}

static char *
session_user (CrmTestFixture *fixture)
{
  return crm_test_db_query_value (fixture->conn, "SELECT session_user::text", NULL);
}

/* Insert, update, delete of one contact: exactly three entries, newest
 * first, each with exactly the fields it touched. */
static void
test_history_of_a_contact (CrmTestFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr (CrmRecord) contact = crm_record_new (&crm_contact_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) changed = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *me = session_user (fixture);
  CrmAuditEntry   *e;
  gint64           id;

  crm_record_set_string (contact, "last_name", "Смирнова");
  crm_record_set_string (contact, "first_name", "Анна");
  crm_record_set_string (contact, "phone_mobile", "+79161112233");
  saved = save (fixture, contact);
  id = crm_record_get_id (saved);

  entries = history (fixture, &crm_contact_type, id);
  g_assert_cmpuint (entries->len, ==, 1);
  e = entry_at (entries, 0);
  g_assert_cmpint (crm_audit_entry_get_op (e), ==, CRM_AUDIT_OP_INSERT);
  g_assert_cmpint (crm_audit_entry_get_record_id (e), ==, id);
  g_assert_cmpstr (crm_audit_entry_get_table_name (e), ==, "contacts");
  g_assert_true (crm_audit_entry_get_record_type (e) == &crm_contact_type);
  g_assert_cmpstr (crm_audit_entry_get_actor (e), ==, me);
  g_assert_null (crm_audit_entry_get_actor_name (e));
  g_assert_cmpstr (crm_audit_entry_get_actor_display (e), ==, me);
  g_assert_cmpint (crm_audit_entry_get_version (e), ==, 1);
  g_assert_cmpstr (crm_audit_entry_get_record_title (e), ==, "Смирнова Анна");
  /* Only what was filled in, in the form's order; not the id, stamps or
   * an empty "custom". */
  g_assert_cmpuint (crm_audit_entry_get_n_changes (e), ==, 3);
  g_assert_cmpstr (crm_audit_entry_get_change (e, 0)->field, ==, "last_name");
  g_assert_cmpstr (crm_audit_entry_get_change (e, 1)->field, ==, "first_name");
  g_assert_cmpstr (crm_audit_entry_get_change (e, 2)->field, ==, "phone_mobile");
  assert_change (e, "phone_mobile", NULL, "+79161112233");
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* The employee behind the login is named. */
  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.employees (full_name, login) VALUES ('Ковалёва Марина Сергеевна', session_user)");

  changed = crm_record_copy (saved);
  crm_record_set_string (changed, "phone_mobile", "+79164445566");
  crm_record_set_string (changed, "city", "Тверь");
  g_clear_object (&saved);
  saved = save (fixture, changed);

  entries = history (fixture, &crm_contact_type, id);
  g_assert_cmpuint (entries->len, ==, 2);
  e = entry_at (entries, 0);
  g_assert_cmpint (crm_audit_entry_get_op (e), ==, CRM_AUDIT_OP_UPDATE);
  g_assert_cmpint (crm_audit_entry_get_version (e), ==, 2);
  g_assert_cmpstr (crm_audit_entry_get_actor_name (e), ==, "Ковалёва Марина Сергеевна");
  g_assert_cmpuint (crm_audit_entry_get_n_changes (e), ==, 2);
  assert_change (e, "phone_mobile", "+79161112233", "+79164445566");
  assert_change (e, "city", NULL, "Тверь");
  g_assert_cmpint (crm_audit_entry_get_op (entry_at (entries, 1)), ==, CRM_AUDIT_OP_INSERT);
  g_assert_true (g_date_time_compare (crm_audit_entry_get_at (entry_at (entries, 0)),
                                      crm_audit_entry_get_at (entry_at (entries, 1))) >= 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  g_assert_true (crm_store_delete_sync (fixture->store, saved, NULL, &error));
  g_assert_no_error (error);
  entries = history (fixture, &crm_contact_type, id);
  g_assert_cmpuint (entries->len, ==, 3);
  e = entry_at (entries, 0);
  g_assert_cmpint (crm_audit_entry_get_op (e), ==, CRM_AUDIT_OP_DELETE);
  g_assert_cmpint (crm_audit_entry_get_merged_into (e), ==, 0);
  /* Gone, but still named from what it held. */
  g_assert_cmpstr (crm_audit_entry_get_record_title (e), ==, "Смирнова Анна");
  assert_change (e, "phone_mobile", "+79164445566", NULL);
  assert_change (e, "city", "Тверь", NULL);
  g_assert_null (crm_audit_entry_find_change (e, "id"));
}

/* References come back with the names of what they point to: employees,
 * accounts, and an account deleted since. */
static void
test_references_are_named (CrmTestFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr (CrmRecord) account = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) other = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) saved_account = NULL;
  g_autoptr (CrmRecord) saved_other = NULL;
  g_autoptr (CrmRecord) contact = crm_record_new (&crm_contact_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) moved = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *anna = NULL;
  g_autofree char *boris = NULL;
  CrmAuditEntry   *e;
  CrmAuditChange  *change;

  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.employees (full_name) VALUES ('Котова Анна'), ('Белов Борис')");
  anna = crm_test_db_query_value (fixture->conn, "SELECT id::text FROM rapport.employees WHERE full_name = $1", "Котова Анна");
  boris = crm_test_db_query_value (fixture->conn, "SELECT id::text FROM rapport.employees WHERE full_name = $1", "Белов Борис");

  crm_record_set_string (account, "name", "Ромашка");
  saved_account = save (fixture, account);
  crm_record_set_string (other, "name", "Василёк");
  saved_other = save (fixture, other);

  crm_record_set_string (contact, "last_name", "Орлов");
  crm_record_set_int (contact, "account_id", crm_record_get_id (saved_account));
  crm_record_set_int (contact, "owner_id", g_ascii_strtoll (anna, NULL, 10));
  saved = save (fixture, contact);

  moved = crm_record_copy (saved);
  crm_record_set_int (moved, "account_id", crm_record_get_id (saved_other));
  crm_record_set_int (moved, "owner_id", g_ascii_strtoll (boris, NULL, 10));
  g_clear_object (&saved);
  saved = save (fixture, moved);

  /* The first account goes: the old name still reads "Ромашка". */
  g_assert_true (crm_store_delete_sync (fixture->store, saved_account, NULL, &error));
  g_assert_no_error (error);

  entries = history (fixture, &crm_contact_type, crm_record_get_id (saved));
  g_assert_cmpuint (entries->len, ==, 2);
  e = entry_at (entries, 0);
  g_assert_cmpuint (crm_audit_entry_get_n_changes (e), ==, 2);
  /* The form's own fields first, then the common ones. */
  g_assert_cmpstr (crm_audit_entry_get_change (e, 0)->field, ==, "account_id");
  g_assert_cmpstr (crm_audit_entry_get_change (e, 1)->field, ==, "owner_id");
  change = crm_audit_entry_find_change (e, "account_id");
  g_assert_cmpstr (change->old_name, ==, "Ромашка");
  g_assert_cmpstr (change->new_name, ==, "Василёк");
  change = crm_audit_entry_find_change (e, "owner_id");
  g_assert_cmpstr (change->old_text, ==, anna);
  g_assert_cmpstr (change->new_text, ==, boris);
  g_assert_cmpstr (change->old_name, ==, "Котова Анна");
  g_assert_cmpstr (change->new_name, ==, "Белов Борис");

  {
    /* In plain words, with labels and names, not ids. */
    g_autofree char *summary = crm_audit_entry_dup_summary (e, crm_record_get_id (saved));
    g_auto (GStrv) details = crm_audit_entry_dup_details (e);

    g_assert_nonnull (strstr (summary, "2"));
    g_assert_nonnull (details);
    g_assert_cmpuint (g_strv_length (details), ==, 2);
    g_assert_cmpstr (details[0], ==, "Account: Ромашка → Василёк");
    g_assert_cmpstr (details[1], ==, "Responsible: Котова Анна → Белов Борис");
  }

  /* The deleted account's own history: created, deleted. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = history (fixture, &crm_account_type, crm_record_get_id (saved_account));
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (crm_audit_entry_get_op (entry_at (entries, 0)), ==, CRM_AUDIT_OP_DELETE);
  g_assert_cmpstr (crm_audit_entry_get_record_title (entry_at (entries, 0)), ==, "Ромашка");
  /* "confirmed" was false on insert: a value like any other. */
  assert_change (entry_at (entries, 1), "confirmed", NULL, "false");
}

static GFile *
write_csv (const char *name,
           const char *text)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return g_file_new_for_path (path);
}

static void
import (CrmTestFixture     *fixture,
        GFile              *file,
        CrmImportDuplicates mode)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmImporter) importer = crm_importer_new (fixture->store, &crm_contact_type, file, NULL, &error);
  g_autofree char *rejects = g_build_filename (g_get_tmp_dir (), "test-audit-rejects.csv", NULL);
  g_autoptr (GFile) rejects_file = g_file_new_for_path (rejects);

  g_assert_no_error (error);
  crm_importer_set_rejects_file (importer, rejects_file);
  crm_importer_set_duplicates (importer, mode);
  g_assert_true (crm_importer_run_sync (importer, NULL, &error));
  g_assert_no_error (error);
  g_unlink (rejects);
}

/* An import writes one entry per record it creates or fills in. */
static void
test_history_after_import (CrmTestFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr (GFile) first = write_csv ("test-audit-1.csv",
                                       "Фамилия;Имя;E-mail;Город\n"
                                       "Лебедев;Олег;lebedev@example.ru;Казань\n"
                                       "Соколова;Ирина;sokolova@example.ru;\n");
  g_autoptr (GFile) second = write_csv ("test-audit-2.csv",
                                        "Фамилия;Имя;E-mail;Город\n"
                                        "Соколова;Ирина;sokolova@example.ru;Самара\n");
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *id_text = NULL;
  gint64           id;
  CrmAuditEntry   *e;

  import (fixture, first, CRM_IMPORT_DUPLICATES_SKIP);
  id_text = crm_test_db_query_value (fixture->conn, "SELECT id::text FROM rapport.contacts WHERE email = $1", "sokolova@example.ru");
  id = g_ascii_strtoll (id_text, NULL, 10);

  entries = history (fixture, &crm_contact_type, id);
  g_assert_cmpuint (entries->len, ==, 1);
  e = entry_at (entries, 0);
  g_assert_cmpint (crm_audit_entry_get_op (e), ==, CRM_AUDIT_OP_INSERT);
  g_assert_cmpuint (crm_audit_entry_get_n_changes (e), ==, 3);
  assert_change (e, "last_name", NULL, "Соколова");
  assert_change (e, "first_name", NULL, "Ирина");
  assert_change (e, "email", NULL, "sokolova@example.ru");
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* "Update existing": only the city was new. */
  import (fixture, second, CRM_IMPORT_DUPLICATES_UPDATE);
  entries = history (fixture, &crm_contact_type, id);
  g_assert_cmpuint (entries->len, ==, 2);
  e = entry_at (entries, 0);
  g_assert_cmpint (crm_audit_entry_get_op (e), ==, CRM_AUDIT_OP_UPDATE);
  g_assert_cmpuint (crm_audit_entry_get_n_changes (e), ==, 1);
  assert_change (e, "city", NULL, "Самара");

  {
    g_autofree char *path = g_file_get_path (first);
    g_autofree char *path2 = g_file_get_path (second);

    g_unlink (path);
    g_unlink (path2);
  }
}

/* A merged record's history shows under the one it went into, its delete
 * as the merge. */
static void
test_history_after_merge (CrmTestFixture *fixture,
                          gconstpointer   data)
{
  g_autoptr (CrmRecord) a = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) b = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) sa = NULL;
  g_autoptr (CrmRecord) sb = NULL;
  g_autoptr (CrmRecord) kept = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  gboolean saw_merge = FALSE, saw_b_insert = FALSE;

  crm_record_set_string (a, "name", "Рассвет");
  crm_record_set_string (b, "name", "Рассвет (дубль)");
  crm_record_set_string (b, "city", "Пермь");
  sa = save (fixture, a);
  sb = save (fixture, b);

  kept = crm_merge_records_sync (fixture->store, sa, sb, NULL, NULL, &error);
  g_assert_no_error (error);

  entries = history (fixture, &crm_account_type, crm_record_get_id (sa));
  for (guint i = 0; i < entries->len; i++)
    {
      CrmAuditEntry *e = entry_at (entries, i);

      if (crm_audit_entry_get_record_id (e) == crm_record_get_id (sb))
        {
          g_autofree char *note = crm_audit_entry_dup_note (e, crm_record_get_id (sa));
          g_autofree char *summary = crm_audit_entry_dup_summary (e, crm_record_get_id (sa));

          g_assert_cmpstr (crm_audit_entry_get_record_title (e), ==, "Рассвет (дубль)");
          if (crm_audit_entry_get_op (e) == CRM_AUDIT_OP_DELETE)
            {
              saw_merge = TRUE;
              g_assert_cmpint (crm_audit_entry_get_merged_into (e), ==, crm_record_get_id (sa));
              g_assert_null (note);
              g_assert_nonnull (strstr (summary, "merged “Рассвет (дубль)” into this record"));
            }
          else if (crm_audit_entry_get_op (e) == CRM_AUDIT_OP_INSERT)
            {
              saw_b_insert = TRUE;
              g_assert_nonnull (note);
            }
        }
    }
  g_assert_true (saw_merge);
  g_assert_true (saw_b_insert);
  /* The merge filled A's empty city from B: A's own update. */
  {
    gboolean found = FALSE;

    for (guint i = 0; i < entries->len; i++)
      {
        CrmAuditEntry *e = entry_at (entries, i);

        if (crm_audit_entry_get_record_id (e) == crm_record_get_id (sa) && crm_audit_entry_get_op (e) == CRM_AUDIT_OP_UPDATE)
          {
            assert_change (e, "city", NULL, "Пермь");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
}

/* Pages: newest first, each older than the last entry of the one before,
 * none twice, none left out. */
static void
test_paging (CrmTestFixture *fixture,
             gconstpointer   data)
{
  g_autoptr (CrmRecord) record = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64   before = 0;
  gboolean more = TRUE;
  guint    pages = 0;
  int      last_version = G_MAXINT;

  crm_record_set_string (record, "name", "Версия 0");
  saved = save (fixture, record);
  for (int i = 1; i <= 11; i++)
    {
      g_autoptr (CrmRecord) next = crm_record_copy (saved);
      g_autofree char *name = g_strdup_printf ("Версия %d", i);

      crm_record_set_string (next, "name", name);
      g_clear_object (&saved);
      saved = save (fixture, next);
    }

  while (more)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) page = crm_audit_history_sync (fixture->store, &crm_account_type, crm_record_get_id (saved),
                                                           before, 5, &more, NULL, &error);

      g_assert_no_error (error);
      pages++;
      g_assert_cmpuint (page->len, ==, pages < 3 ? 5 : 2);
      for (guint i = 0; i < page->len; i++)
        {
          CrmAuditEntry *e = entry_at (page, i);
          gint64         id = crm_audit_entry_get_id (e);

          g_assert_false (g_hash_table_contains (seen, &id));
          g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
          g_assert_cmpint (crm_audit_entry_get_version (e), <, last_version);
          last_version = crm_audit_entry_get_version (e);
        }
      before = crm_audit_entry_get_id (entry_at (page, page->len - 1));
    }
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 12);
  g_assert_cmpint (last_version, ==, 1);
}

static guint
count_with (CrmTestFixture       *fixture,
            const CrmAuditFilter *filter)
{
  g_autoptr (GPtrArray) entries = log_with (fixture, filter);

  return entries->len;
}

/* The whole log narrowed by table, person, operation, period and text. */
static void
test_log_filters (CrmTestFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr (CrmRecord) account = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) contact = crm_record_new (&crm_contact_type);
  g_autoptr (CrmRecord) saved_account = NULL;
  g_autoptr (CrmRecord) saved_contact = NULL;
  g_autoptr (CrmRecord) changed = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) hour_ago = g_date_time_add_hours (now, -1);
  g_autoptr (GDateTime) hour_later = g_date_time_add_hours (now, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *me = session_user (fixture);
  CrmAuditFilter   filter = CRM_AUDIT_FILTER_INIT;
  g_autoptr (GPtrArray) entries = NULL;

  /* Counted from an empty log: without the default pipeline the
   * migrations wrote. */
  crm_test_db_exec (fixture->conn, "DELETE FROM rapport.audit_log");
  crm_record_set_string (account, "name", "Север");
  saved_account = save (fixture, account);
  crm_record_set_string (contact, "last_name", "Ёлкина");
  crm_record_set_string (contact, "phone_mobile", "+79161234567");
  saved_contact = save (fixture, contact);
  changed = crm_record_copy (saved_contact);
  crm_record_set_string (changed, "city", "Псков");
  g_clear_object (&saved_contact);
  saved_contact = save (fixture, changed);
  g_assert_true (crm_store_delete_sync (fixture->store, saved_account, NULL, &error));
  g_assert_no_error (error);
  /* Someone else, by hand: not the store's login. */
  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.employees (full_name, login) VALUES ('Другой Сотрудник', 'audit_other');"
                                   "INSERT INTO rapport.audit_log (actor, table_name, record_id, op, version, fields, at)"
                                   " VALUES ('audit_other', 'contacts', 999, 'U', 2,"
                                   "         '{\"city\": {\"old\": \"Омск\", \"new\": \"Томск\"}}', now() - interval '3 days')");

  /* Everything: 2 accounts rows, 2 contacts rows, 1 employee insert, 1 by hand. */
  entries = log_with (fixture, NULL);
  g_assert_cmpuint (entries->len, ==, 6);
  /* Newest first: the hand-written row is 3 days old, so last. */
  g_assert_cmpstr (crm_audit_entry_get_actor (entry_at (entries, entries->len - 1)), ==, "audit_other");
  g_assert_cmpstr (crm_audit_entry_get_actor_name (entry_at (entries, entries->len - 1)), ==, "Другой Сотрудник");

  filter.table_name = "accounts";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 2);
  filter.op = CRM_AUDIT_OP_DELETE;
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = log_with (fixture, &filter);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (crm_audit_entry_get_record_title (entry_at (entries, 0)), ==, "Север");

  filter = (CrmAuditFilter) CRM_AUDIT_FILTER_INIT;
  filter.op = CRM_AUDIT_OP_UPDATE;
  g_assert_cmpuint (count_with (fixture, &filter), ==, 2);
  filter.actor = me;
  g_assert_cmpuint (count_with (fixture, &filter), ==, 1);
  filter.actor = "audit_other";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 1);

  filter = (CrmAuditFilter) CRM_AUDIT_FILTER_INIT;
  filter.since = hour_ago;
  filter.until = hour_later;
  g_assert_cmpuint (count_with (fixture, &filter), ==, 5);
  filter.since = NULL;
  filter.until = hour_ago;
  g_assert_cmpuint (count_with (fixture, &filter), ==, 1);

  /* Text in old or new values, case and ё/е folded. */
  filter = (CrmAuditFilter) CRM_AUDIT_FILTER_INIT;
  filter.text = "елкина";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 1);
  filter.text = "ПСКОВ";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 1);
  filter.text = "омск";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 1);
  filter.text = "нет такого";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 0);
  /* A phone in any spelling, as the lists find it. */
  filter.text = "8 (916) 123-45-67";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 1);
  filter.text = "123-45-67";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 1);
  filter.text = "+7 916 765";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 0);
  /* LIKE's wildcards are plain characters here. */
  filter.text = "%";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 0);
  filter.text = "Ёлк_на";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 0);
  /* A value, not a key. */
  filter.text = "last_name";
  g_assert_cmpuint (count_with (fixture, &filter), ==, 0);
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* The async doors, and who may browse. */
static void
test_async_and_rights (CrmTestFixture *fixture,
                       gconstpointer   data)
{
  g_autoptr (CrmRecord) account = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) logins = NULL;
  g_auto (GStrv) names = NULL;
  g_autofree char *me = session_user (fixture);
  gboolean         more = TRUE;

  crm_record_set_string (account, "name", "Заря");
  saved = save (fixture, account);

  crm_audit_history_async (fixture->store, &crm_account_type, crm_record_get_id (saved), 0, 10, NULL, on_result_cb, &result);
  entries = crm_audit_history_finish (fixture->store, wait_result (&result), &more, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_false (more);
  g_clear_object (&result);
  g_clear_pointer (&entries, g_ptr_array_unref);

  {
    /* The accounts' log: the migrations wrote the default pipeline's. */
    CrmAuditFilter filter = CRM_AUDIT_FILTER_INIT;

    filter.table_name = "accounts";
    crm_audit_log_async (fixture->store, &filter, 0, 10, NULL, on_result_cb, &result);
  }
  entries = crm_audit_log_finish (fixture->store, wait_result (&result), &more, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_clear_object (&result);

  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.employees (full_name, login) VALUES ('Яковлев Пётр', 'yakovlev'), ('Абрамова Ольга', 'abramova')");
  crm_audit_list_actors_async (fixture->store, NULL, on_result_cb, &result);
  g_assert_true (crm_audit_list_actors_finish (fixture->store, wait_result (&result), &logins, &names, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  /* By name; the current login, nobody's, last. */
  g_assert_cmpuint (g_strv_length (logins), ==, 3);
  g_assert_cmpstr (logins[0], ==, "abramova");
  g_assert_cmpstr (names[0], ==, "Абрамова Ольга");
  g_assert_cmpstr (logins[1], ==, "yakovlev");
  g_assert_cmpstr (logins[2], ==, me);
  g_assert_cmpstr (names[2], ==, me);

  /* The harness's login is a superuser: an administrator. */
  crm_audit_can_browse_async (fixture->store, NULL, on_result_cb, &result);
  g_assert_true (crm_audit_can_browse_finish (fixture->store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* A plain login is not, a member of rapport_admin is. */
  crm_test_db_exec (fixture->conn, "DROP ROLE IF EXISTS audit_plain; CREATE ROLE audit_plain LOGIN");
  {
    g_autofree char *plain_conninfo = g_strconcat (fixture->conninfo, " user=audit_plain", NULL);
    g_autoptr (CrmStore) plain = crm_store_new (plain_conninfo);

    g_assert_false (crm_audit_can_browse_sync (plain, NULL, &error));
    g_assert_no_error (error);
    crm_test_db_exec (fixture->conn, "DO $$ BEGIN"
                                     " IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_admin') THEN"
                                     "  CREATE ROLE rapport_admin NOLOGIN; END IF; END $$;"
                                     "GRANT rapport_admin TO audit_plain");
    g_assert_true (crm_audit_can_browse_sync (plain, NULL, &error));
    g_assert_no_error (error);
    crm_test_assert_finalized (g_steal_pointer (&plain));
  }
  crm_test_db_exec (fixture->conn, "REVOKE rapport_admin FROM audit_plain; DROP OWNED BY audit_plain; DROP ROLE audit_plain");
}

/* What the database lets a login read: a manager reads the history of
 * their own account but not the revenue figures in it (0006 keeps them in
 * audit_log.money_fields), nor the log of records they cannot see; an
 * administrator reads all of it. */
static void
test_rights_shape_the_history (CrmTestFixture *fixture,
                               gconstpointer   data)
{
  g_autoptr (CrmRecord) mine = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) theirs = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) saved_theirs = NULL;
  g_autoptr (CrmRecord) changed = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *manager_id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *manager_conninfo = g_strconcat (fixture->conninfo, " user=audit_mgr", NULL);
  g_autoptr (CrmStore) manager = NULL;
  CrmAuditEntry *e;

  crm_test_db_exec (fixture->conn, "DROP ROLE IF EXISTS audit_mgr");
  manager_id = crm_test_db_query_value (fixture->conn,
                                        "SELECT rapport.employee_add('audit_mgr', NULL, $1, 'manager')::text",
                                        "Менеджеров Пётр");

  crm_record_set_string (mine, "name", "Своя фирма");
  crm_record_set_int (mine, "owner_id", g_ascii_strtoll (manager_id, NULL, 10));
  crm_record_set_int (mine, "annual_revenue", 1000000);
  saved = save (fixture, mine);
  changed = crm_record_copy (saved);
  crm_record_set_int (changed, "annual_revenue", 2500000);
  crm_record_set_string (changed, "city", "Вологда");
  g_clear_object (&saved);
  saved = save (fixture, changed);
  /* Someone else's, with no owner the manager shares. */
  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.employees (full_name) VALUES ('Чужой Владелец')");
  crm_record_set_string (theirs, "name", "Чужая фирма");
  other_id = crm_test_db_query_value (fixture->conn, "SELECT max(id)::text FROM rapport.employees", NULL);
  crm_record_set_int (theirs, "owner_id", g_ascii_strtoll (other_id, NULL, 10));
  saved_theirs = save (fixture, theirs);

  /* The administrator: revenue and city. */
  entries = history (fixture, &crm_account_type, crm_record_get_id (saved));
  g_assert_cmpuint (entries->len, ==, 2);
  e = entry_at (entries, 0);
  g_assert_cmpuint (crm_audit_entry_get_n_changes (e), ==, 2);
  assert_change (e, "annual_revenue", "1000000", "2500000");
  assert_change (e, "city", NULL, "Вологда");
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* The manager: the same entries, the revenue left out. */
  manager = crm_store_new (manager_conninfo);
  entries = crm_audit_history_sync (manager, &crm_account_type, crm_record_get_id (saved), 0, 100, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  e = entry_at (entries, 0);
  g_assert_cmpuint (crm_audit_entry_get_n_changes (e), ==, 1);
  assert_change (e, "city", NULL, "Вологда");
  g_assert_null (crm_audit_entry_find_change (entry_at (entries, 1), "annual_revenue"));
  g_assert_nonnull (crm_audit_entry_find_change (entry_at (entries, 1), "name"));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A change of the revenue alone reads as one they cannot see. */
  g_clear_object (&changed);
  changed = crm_record_copy (saved);
  crm_record_set_int (changed, "annual_revenue", 3000000);
  g_clear_object (&saved);
  saved = save (fixture, changed);
  entries = crm_audit_history_sync (manager, &crm_account_type, crm_record_get_id (saved), 0, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpuint (crm_audit_entry_get_n_changes (entry_at (entries, 0)), ==, 0);
  {
    g_autofree char *summary = crm_audit_entry_dup_summary (entry_at (entries, 0), crm_record_get_id (saved));
    g_autofree char *me = session_user (fixture);
    g_autofree char *expected = g_strdup_printf ("%s saved the record with no changes you can see", me);

    g_assert_cmpstr (summary, ==, expected);
  }
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Nor the other account's history. */
  entries = crm_audit_history_sync (manager, &crm_account_type, crm_record_get_id (saved_theirs), 0, 100, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* In the whole log, a search for the revenue finds nothing for them. */
  {
    CrmAuditFilter filter = CRM_AUDIT_FILTER_INIT;

    filter.text = "2500000";
    entries = crm_audit_log_sync (manager, &filter, 0, 100, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, 0);
    g_clear_pointer (&entries, g_ptr_array_unref);
    /* The administrator finds it set and changed again. */
    entries = log_with (fixture, &filter);
    g_assert_cmpuint (entries->len, ==, 2);
    g_clear_pointer (&entries, g_ptr_array_unref);
  }
  g_assert_false (crm_audit_can_browse_sync (manager, NULL, &error));
  g_assert_no_error (error);

  crm_test_assert_finalized (g_steal_pointer (&manager));
  crm_test_db_exec (fixture->conn, "DROP OWNED BY audit_mgr; DROP ROLE audit_mgr");
}

/* The document of r the small statements write (0005, 0008), as SQL. */
#define OLD_DOCUMENT(side)                                                            \
  "coalesce((SELECT jsonb_object_agg(e.key, jsonb_build_object('" side "', e.value))" \
  " FROM jsonb_each(to_jsonb(r) - rapport.audit_skip()) e WHERE e.value <> 'null'::jsonb), '{}')"

/* Rows of rapport.@table whose document in the form of large statements
 * (rapport.audit_document_sql, 0016) differs from the old form. */
static guint
documents_differing (CrmTestFixture *fixture,
                     const char     *table)
{
  g_autofree char *regclass = g_strconcat ("rapport.", table, NULL);
  g_autofree char *expr = crm_test_db_query_value (fixture->conn,
                                                   "SELECT rapport.audit_document_sql($1::regclass, 'new')", regclass);
  g_autofree char *sql = NULL;
  g_autofree char *n = NULL;

  g_assert_nonnull (expr);
  sql = g_strdup_printf ("SELECT count(*) FROM %s r WHERE (%s) IS DISTINCT FROM " OLD_DOCUMENT ("new"), regclass,
                         expr);
  n = crm_test_db_query_value (fixture->conn, sql, NULL);
  return (guint) g_ascii_strtoull (n, NULL, 10);
}

/* Statements of over 100 rows build their documents column by column
 * (0016): byte for byte what a single row gets, for every table of the
 * demo data (dates, timestamps, money, flags, jsonb), and through the
 * triggers: 150 contacts inserted at once, with nulls inside their custom
 * values, and deleted at once; accounts' money still kept apart. */
static void
test_large_statements (CrmTestFixture *fixture,
                       gconstpointer   data)
{
  static const char *const tables[] = { "employees", "teams", "accounts", "contacts", "leads", "deals",
                                        "contracts", "tasks", "products", "sales", "pipelines",
                                        "pipeline_stages", "contract_statuses", "tariff_plans",
                                        "commercial_conditions" };
  g_autofree char         *checked = NULL;
  g_autofree char         *custom = NULL;
  g_autofree char         *money = NULL;

  crm_test_db_load_demo (fixture->store);
  checked = crm_test_db_query_value (fixture->conn,
                                     "SELECT coalesce(string_agg(c.relname, ', '), '') FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                                     " WHERE t.tgname = 'record_log_i' AND c.relname <> ALL ($1::text[])",
                                     "{employees,teams,accounts,contacts,leads,deals,contracts,tasks,products,sales,"
                                     "pipelines,pipeline_stages,contract_statuses,tariff_plans,commercial_conditions}");
  g_assert_cmpstr (checked, ==, ""); /* a new table: add it to tables[] */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM rapport.%s", tables[i]);
      g_autofree char *rows = crm_test_db_query_value (fixture->conn, sql, NULL);

      g_test_message ("%s: %s rows", tables[i], rows);
      g_assert_cmpuint (g_ascii_strtoull (rows, NULL, 10), >, 0);
      g_assert_cmpuint (documents_differing (fixture, tables[i]), ==, 0);
    }

  /* Through the trigger: one INSERT of 150 rows. */
  crm_test_db_exec (fixture->conn,
                    "INSERT INTO rapport.contacts (last_name, first_name, middle_name, email, birthday, custom)"
                    " SELECT 'Кузнецов', 'Пётр' || i, CASE WHEN i % 3 = 0 THEN 'Ильич' END,"
                    "        CASE WHEN i % 2 = 0 THEN 'p' || i || '@kuznets.ru' END, date '1980-01-01' + i,"
                    "        CASE WHEN i % 5 = 0 THEN jsonb_build_object('vip', i % 2 = 0, 'note', NULL) ELSE '{}' END"
                    "   FROM generate_series(1, 150) i");
  crm_test_db_exec (fixture->conn,
                    "CREATE TEMP TABLE expected AS SELECT r.id, " OLD_DOCUMENT ("old") " AS fields"
                                                                                       "  FROM rapport.contacts r WHERE r.last_name = 'Кузнецов'");
  g_assert_cmpuint (crm_test_db_changed (fixture->conn,
                                         "SELECT FROM rapport.audit_log l JOIN rapport.contacts r ON r.id = l.record_id"
                                         " WHERE l.table_name = 'contacts' AND l.op = 'I' AND r.last_name = $1"
                                         "   AND l.fields = " OLD_DOCUMENT ("new"),
                                         "Кузнецов"),
                    ==, 150);
  custom = crm_test_db_query_value (fixture->conn,
                                    "SELECT l.fields -> 'custom' -> 'new' FROM rapport.audit_log l"
                                    "  JOIN rapport.contacts r ON r.id = l.record_id"
                                    " WHERE l.table_name = 'contacts' AND r.first_name = $1",
                                    "Пётр10");
  g_assert_cmpstr (custom, ==, "{\"vip\": true, \"note\": null}");
  crm_test_db_exec (fixture->conn, "DELETE FROM rapport.contacts WHERE last_name = 'Кузнецов'");
  g_assert_cmpuint (crm_test_db_changed (fixture->conn,
                                         "SELECT FROM rapport.audit_log l JOIN expected x ON x.id = l.record_id"
                                         " WHERE l.table_name = 'contacts' AND l.op = 'D' AND l.fields = x.fields",
                                         NULL),
                    ==, 150);

  /* Money goes apart whichever way the document was made. */
  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.accounts (name, annual_revenue)"
                                   " SELECT 'Рога и копыта ' || i, 100000 * i FROM generate_series(1, 120) i");
  money = crm_test_db_query_value (fixture->conn,
                                   "SELECT count(*) FROM rapport.audit_log l JOIN rapport.accounts a ON a.id = l.record_id"
                                   " WHERE l.table_name = 'accounts' AND a.name LIKE 'Рога и копыта %'"
                                   "   AND l.money_fields = jsonb_build_object('annual_revenue',"
                                   "                                          jsonb_build_object('new', a.annual_revenue))"
                                   "   AND NOT l.fields ? 'annual_revenue'",
                                   NULL);
  g_assert_cmpstr (money, ==, "120");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

#define ADD(path, func, name) \
  g_test_add (path, CrmTestFixture, name, crm_test_fixture_set_up, func, crm_test_fixture_tear_down)

  ADD ("/audit/history/contact", test_history_of_a_contact, "audit_contact");
  ADD ("/audit/history/references", test_references_are_named, "audit_refs");
  ADD ("/audit/history/import", test_history_after_import, "audit_import");
  ADD ("/audit/history/merge", test_history_after_merge, "audit_merge");
  ADD ("/audit/history/paging", test_paging, "audit_paging");
  ADD ("/audit/log/filters", test_log_filters, "audit_filters");
  ADD ("/audit/async-and-rights", test_async_and_rights, "audit_async");
  ADD ("/audit/rights", test_rights_shape_the_history, "audit_rights");
  ADD ("/audit/large-statements", test_large_statements, "audit_large");

  return g_test_run ();
}
