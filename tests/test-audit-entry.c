/* test-audit-entry.c — audit entries in plain words: sentences, values as
 * the form shows them, relative times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-audit-entry.h"

static CrmAuditEntry *
entry_new (const char *table,
           CrmAuditOp  op)
{
  g_autoptr (GDateTime) at = g_date_time_new_utc (2026, 12, 2, 10, 0, 0);

  return crm_audit_entry_new (7, at, "kovaleva", "Ковалёва Марина", table, 42, op, 3);
}

static void
test_one_change (void)
{
  g_autoptr (CrmAuditEntry) e = entry_new ("contacts", CRM_AUDIT_OP_UPDATE);
  g_autofree char *summary = NULL;
  g_auto (GStrv) details = NULL;

  crm_audit_entry_add_change (e, "phone_mobile", "+79161112233", "+79164445566");
  summary = crm_audit_entry_dup_summary (e, 42);
  /* The label, not the column; the phone as the form shows it. */
  g_assert_cmpstr (summary, ==, "Ковалёва Марина changed “Mobile phone”: +7\u00a0916\u00a0111-22-33 → +7\u00a0916\u00a0444-55-66");
  details = crm_audit_entry_dup_details (e);
  g_assert_null (details);
  g_assert_null (crm_audit_entry_dup_note (e, 42));
}

static void
test_filled_and_cleared (void)
{
  g_autoptr (CrmAuditEntry) filled = entry_new ("contacts", CRM_AUDIT_OP_UPDATE);
  g_autoptr (CrmAuditEntry) cleared = entry_new ("accounts", CRM_AUDIT_OP_UPDATE);
  g_autoptr (CrmAuditEntry) nameless = crm_audit_entry_new (8, crm_audit_entry_get_at (filled), "postgres", NULL,
                                                            "contacts", 42, CRM_AUDIT_OP_UPDATE, 2);
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s3 = NULL;

  crm_audit_entry_add_change (filled, "birthday", NULL, "1985-04-07");
  s1 = crm_audit_entry_dup_summary (filled, 42);
  g_assert_cmpstr (s1, ==, "Ковалёва Марина filled in “Birthday”: 07.04.1985");

  crm_audit_entry_add_change (cleared, "size_group", "large", NULL);
  s2 = crm_audit_entry_dup_summary (cleared, 42);
  g_assert_cmpstr (s2, ==, "Ковалёва Марина cleared “Group” (was: Large)");

  /* Nobody's login stands for the person. */
  crm_audit_entry_add_change (nameless, "city", "Омск", "Томск");
  s3 = crm_audit_entry_dup_summary (nameless, 42);
  g_assert_cmpstr (s3, ==, "postgres changed “City”: Омск → Томск");
}

static void
test_several_changes (void)
{
  g_autoptr (CrmAuditEntry) e = entry_new ("accounts", CRM_AUDIT_OP_UPDATE);
  g_autofree char *summary = NULL;
  g_auto (GStrv) details = NULL;
  g_autofree char *long_text = NULL;
  g_autofree char *shown = NULL;

  crm_audit_entry_add_change (e, "owner_id", "3", "5");
  crm_audit_change_set_names (crm_audit_entry_get_change (e, 0), "Котова Анна", NULL);
  crm_audit_entry_add_change (e, "confirmed", "false", "true");
  crm_audit_entry_add_change (e, "name", "Рога", "Рога и копыта");
  crm_audit_entry_sort_changes (e);

  summary = crm_audit_entry_dup_summary (e, 42);
  g_assert_cmpstr (summary, ==, "Ковалёва Марина changed 3 fields");
  details = crm_audit_entry_dup_details (e);
  g_assert_cmpuint (g_strv_length (details), ==, 3);
  /* The form's order: name first, the responsible (a common field) last;
   * a reference by its name, or by number when it has none. */
  g_assert_cmpstr (details[0], ==, "Name: Рога → Рога и копыта");
  g_assert_cmpstr (details[1], ==, "Confirmed by accounting: No → Yes");
  g_assert_cmpstr (details[2], ==, "Responsible: Котова Анна → No. 5");

  /* Long values on one line, cut. */
  long_text = g_strnfill (300, 'x');
  long_text[10] = '\n';
  crm_audit_entry_add_change (e, "comments", NULL, long_text);
  shown = crm_audit_entry_dup_value (e, crm_audit_entry_find_change (e, "comments"), TRUE);
  g_assert_null (strchr (shown, '\n'));
  g_assert_true (g_str_has_suffix (shown, "…"));
  g_assert_cmpuint (g_utf8_strlen (shown, -1), ==, 201);
  g_assert_null (crm_audit_entry_dup_value (e, crm_audit_entry_find_change (e, "comments"), FALSE));
}

static void
test_created_deleted_merged (void)
{
  g_autoptr (CrmAuditEntry) created = entry_new ("contacts", CRM_AUDIT_OP_INSERT);
  g_autoptr (CrmAuditEntry) deleted = entry_new ("contacts", CRM_AUDIT_OP_DELETE);
  g_autoptr (CrmAuditEntry) merged = entry_new ("contacts", CRM_AUDIT_OP_DELETE);
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s3 = NULL;
  g_autofree char *s4 = NULL;
  g_autofree char *note = NULL;
  g_auto (GStrv) details = NULL;

  crm_audit_entry_add_change (created, "last_name", NULL, "Орлов");
  crm_audit_entry_add_change (created, "gender", NULL, "male");
  s1 = crm_audit_entry_dup_summary (created, 42);
  g_assert_cmpstr (s1, ==, "Ковалёва Марина created the record");
  details = crm_audit_entry_dup_details (created);
  g_assert_cmpuint (g_strv_length (details), ==, 2);
  g_assert_cmpstr (details[0], ==, "Last name: Орлов");
  g_assert_cmpstr (details[1], ==, "Gender: Male");

  s2 = crm_audit_entry_dup_summary (deleted, 0);
  g_assert_cmpstr (s2, ==, "Ковалёва Марина deleted the record");

  /* Record 42 merged into 40: under 40 it reads as the merge. */
  crm_audit_entry_set_merged_into (merged, 40);
  crm_audit_entry_set_record_title (merged, "Орлов Олег");
  s3 = crm_audit_entry_dup_summary (merged, 40);
  g_assert_cmpstr (s3, ==, "Ковалёва Марина merged “Орлов Олег” into this record");
  s4 = crm_audit_entry_dup_summary (merged, 0);
  g_assert_cmpstr (s4, ==, "Ковалёва Марина merged the record into another one");
  g_assert_null (crm_audit_entry_dup_note (merged, 40));
  crm_audit_entry_set_record_title (created, "Орлов Олег");
  note = crm_audit_entry_dup_note (created, 40);
  g_assert_cmpstr (note, ==, "In “Орлов Олег”, later merged into this record");
}

static void
test_unknown_table (void)
{
  g_autoptr (CrmAuditEntry) e = entry_new ("employees", CRM_AUDIT_OP_UPDATE);
  g_autofree char *summary = NULL;

  g_assert_null (crm_audit_entry_get_record_type (e));
  crm_audit_entry_add_change (e, "position", "Менеджер", "Руководитель");
  summary = crm_audit_entry_dup_summary (e, 0);
  g_assert_cmpstr (summary, ==, "Ковалёва Марина changed “position”: Менеджер → Руководитель");
}

static void
assert_time (GDateTime  *at,
             GDateTime  *now,
             const char *expected)
{
  g_autofree char *text = crm_audit_format_time (at, now);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_relative_times (void)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_offset (3 * 3600);
  g_autoptr (GDateTime) now = g_date_time_new (zone, 2026, 12, 2, 18, 30, 0);
  g_autoptr (GDateTime) a = g_date_time_add_seconds (now, -20);
  g_autoptr (GDateTime) b = g_date_time_add_minutes (now, -1);
  g_autoptr (GDateTime) c = g_date_time_add_minutes (now, -5);
  g_autoptr (GDateTime) d = g_date_time_add_hours (now, -2);
  g_autoptr (GDateTime) e = g_date_time_new (zone, 2026, 12, 2, 9, 5, 0);
  g_autoptr (GDateTime) f = g_date_time_new (zone, 2026, 12, 1, 14, 20, 0);
  g_autoptr (GDateTime) g = g_date_time_new (zone, 2026, 3, 8, 9, 0, 0);
  g_autoptr (GDateTime) h = g_date_time_new (zone, 2025, 12, 31, 23, 59, 0);
  g_autoptr (GDateTime) future = g_date_time_add_seconds (now, 30);
  /* The same moment as f, stored in UTC: shown in the viewer's zone. */
  g_autoptr (GDateTime) f_utc = g_date_time_to_utc (f);

  assert_time (a, now, "just now");
  assert_time (future, now, "just now");
  assert_time (b, now, "1 minute ago");
  assert_time (c, now, "5 minutes ago");
  assert_time (d, now, "2 hours ago");
  assert_time (e, now, "today at 09:05");
  assert_time (f, now, "yesterday at 14:20");
  assert_time (f_utc, now, "yesterday at 14:20");
  assert_time (g, now, "8 March at 09:00");
  assert_time (h, now, "31 December 2025 at 23:59");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/audit-entry/one-change", test_one_change);
  g_test_add_func ("/audit-entry/filled-and-cleared", test_filled_and_cleared);
  g_test_add_func ("/audit-entry/several-changes", test_several_changes);
  g_test_add_func ("/audit-entry/created-deleted-merged", test_created_deleted_merged);
  g_test_add_func ("/audit-entry/unknown-table", test_unknown_table);
  g_test_add_func ("/audit-entry/relative-times", test_relative_times);

  return g_test_run ();
}
