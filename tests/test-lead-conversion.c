/* test-lead-conversion.c — converting a lead (R3): one transaction makes
 * the account, the contact and the deal and links the lead to them; an
 * existing account found by INN is used instead of a new one; a failure
 * at any step (a record the manager may not see, a deal the pipeline has
 * no stage for, a lost connection, an absurd amount) leaves nothing
 * behind; a lead is converted once; duplicates are found by INN, e-mail,
 * phone and name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib.h>
#include <string.h>

#include "crm-duplicates.h"
#include "crm-lead-conversion.h"
#include "crm-lead.h"
#include "crm-store.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

/* Login roles are cluster-wide: these are this program's own. */
static const char *const logins[] = {
  "lconv_mgr_a",
  "lconv_mgr_b",
  NULL,
};

typedef struct
{
  CrmTestFixture db;
  char          *lead; /* Тихонов of «Сибирские семена», hot */
} World;

static void
world_set_up (World        *w,
              gconstpointer name)
{
  crm_test_fixture_set_up (&w->db, name);
  crm_test_db_drop_roles (w->db.conn, logins);
  w->lead = crm_test_db_query_value (
      w->db.conn,
      "INSERT INTO rapport.leads (last_name, first_name, middle_name, company_name, inn, position, phone, phone2,"
      " email, city, source, status, qualification, description)"
      " VALUES ($1, 'Роман', 'Валерьевич', 'Сибирские семена', '5406271956', 'Коммерческий директор',"
      " '+73832184460', '+79137771122', 'R.Tikhonov@sib-seeds.ru', 'Новосибирск', 'meeting', 'in_progress', 'hot',"
      " 'Деловая поездка на агровыставку в Ганновер: 5 человек, перелёт, отель, шенгенские визы') RETURNING id",
      "Тихонов");
}

static void
world_tear_down (World        *w,
                 gconstpointer name)
{
  g_autoptr (PGconn) admin = NULL;

  crm_test_fixture_tear_down (&w->db, name);
  admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  crm_test_db_drop_roles (admin, logins);
  g_free (w->lead);
}

static char *
value (World      *w,
       const char *sql,
       const char *param)
{
  return crm_test_db_query_value (w->db.conn, sql, param);
}

static void
assert_value (World      *w,
              const char *sql,
              const char *param,
              const char *expected)
{
  g_autofree char *got = value (w, sql, param);

  g_assert_cmpstr (got, ==, expected);
}

/* The same with an expected value made for the occasion (freed). */
static void
assert_value_take (World      *w,
                   const char *sql,
                   const char *param,
                   char       *expected)
{
  assert_value (w, sql, param, expected);
  g_free (expected);
}

#define COUNT_ACCOUNTS "SELECT count(*) FROM rapport.accounts"
#define COUNT_CONTACTS "SELECT count(*) FROM rapport.contacts"
#define COUNT_DEALS    "SELECT count(*) FROM rapport.deals"
/* The lead's state a failed conversion must leave as it was. */
#define LEAD_STATE                                                                                        \
  "SELECT concat_ws('|', status, version, converted_account_id, converted_contact_id, converted_deal_id," \
  " converted_at, converted_by) FROM rapport.leads WHERE id = $1::bigint"

static CrmRecord *
load_lead (CrmStore   *store,
           const char *id)
{
  g_autoptr (GError) error = NULL;
  CrmRecord *lead = crm_store_get_sync (store, &crm_lead_type, g_ascii_strtoll (id, NULL, 10), NULL, &error);

  g_assert_no_error (error);
  return lead;
}

static CrmLeadConversion *
plan_for (CrmStore   *store,
          const char *lead_id)
{
  g_autoptr (CrmRecord) lead = load_lead (store, lead_id);

  return crm_lead_conversion_new (lead);
}

static void
test_everything_new (World        *w,
                     gconstpointer data)
{
  g_autoptr (CrmLeadConversion) plan = plan_for (w->db.store, w->lead);
  g_autoptr (CrmLeadConverted) done = NULL;
  g_autoptr (CrmLeadConverted) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) close = g_date_time_new_local (2027, 3, 31, 0, 0, 0);
  g_autofree char *account = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *deal = NULL;
  CrmRecord       *draft;

  /* The drafts come from the lead. */
  draft = crm_lead_conversion_get_account (plan);
  g_assert_cmpstr (crm_record_get_string (draft, "name"), ==, "Сибирские семена");
  g_assert_cmpstr (crm_record_get_string (draft, "inn"), ==, "5406271956");
  g_assert_cmpstr (crm_record_get_string (draft, "city"), ==, "Новосибирск");
  /* The person's numbers are not the company's. */
  g_assert_null (crm_record_get_string (draft, "phone"));
  draft = crm_lead_conversion_get_contact (plan);
  g_assert_cmpstr (crm_record_get_string (draft, "last_name"), ==, "Тихонов");
  g_assert_cmpstr (crm_record_get_string (draft, "position"), ==, "Коммерческий директор");
  g_assert_cmpstr (crm_record_get_string (draft, "phone_work"), ==, "+73832184460");
  g_assert_cmpstr (crm_record_get_string (draft, "phone_mobile"), ==, "+79137771122");
  draft = crm_lead_conversion_get_deal (plan);
  g_assert_cmpstr (crm_record_get_string (draft, "name"), ==, "Деловая поездка на агровыставку в Ганновер");
  crm_record_set_int (draft, "amount", G_GINT64_CONSTANT (145000000)); /* 1 450 000 ₽ */
  {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_DATE_TIME);
    g_value_set_boxed (&v, close);
    crm_record_set_value (draft, "expected_close", &v);
    g_value_unset (&v);
  }

  done = crm_store_convert_lead_sync (w->db.store, plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (done);
  g_assert_true (done->converted);
  g_assert_true (done->account_created);
  g_assert_true (done->contact_created);
  g_assert_cmpstr (done->account_name, ==, "Сибирские семена");
  g_assert_cmpstr (done->contact_name, ==, "Тихонов Роман Валерьевич");
  g_assert_cmpstr (done->deal_name, ==, "Деловая поездка на агровыставку в Ганновер");
  g_assert_nonnull (done->converted_at);
  g_assert_nonnull (done->converted_by);

  /* Exactly one of each, linked to one another. */
  assert_value (w, COUNT_ACCOUNTS, NULL, "1");
  assert_value (w, COUNT_CONTACTS, NULL, "1");
  assert_value (w, COUNT_DEALS, NULL, "1");
  account = g_strdup_printf ("%" G_GINT64_FORMAT, done->account_id);
  contact = g_strdup_printf ("%" G_GINT64_FORMAT, done->contact_id);
  deal = g_strdup_printf ("%" G_GINT64_FORMAT, done->deal_id);
  assert_value (w, "SELECT concat_ws('|', name, inn, city, account_type) FROM rapport.accounts WHERE id = $1::bigint",
                account, "Сибирские семена|5406271956|Новосибирск|client");
  assert_value_take (w,
                     "SELECT concat_ws('|', account_id, last_name, first_name, middle_name, position, phone_mobile,"
                     " phone_work, email, city) FROM rapport.contacts WHERE id = $1::bigint",
                     contact,
                     g_strdup_printf ("%s|Тихонов|Роман|Валерьевич|Коммерческий директор|+79137771122|+73832184460|"
                                      "R.Tikhonov@sib-seeds.ru|Новосибирск",
                                      account));
  assert_value_take (w,
                     "SELECT concat_ws('|', d.account_id, d.contact_id, d.lead_id, d.amount, d.expected_close, p.name,"
                     " s.name) FROM rapport.deals d JOIN rapport.pipelines p ON p.id = d.pipeline_id"
                     " JOIN rapport.pipeline_stages s ON s.id = d.stage_id WHERE d.id = $1::bigint",
                     deal, g_strdup_printf ("%s|%s|%s|145000000|2027-03-31|Продажи|Бассейн", account, contact, w->lead));
  assert_value_take (w,
                     "SELECT concat_ws('|', status, converted_account_id, converted_contact_id, converted_deal_id,"
                     " converted_at IS NOT NULL, converted_by IS NOT NULL) FROM rapport.leads WHERE id = $1::bigint",
                     w->lead, g_strdup_printf ("converted|%s|%s|%s|t|t", account, contact, deal));

  /* Where it went, read back. */
  again = crm_store_get_lead_conversion_sync (w->db.store, g_ascii_strtoll (w->lead, NULL, 10), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (again->converted);
  g_assert_cmpint (again->account_id, ==, done->account_id);
  g_assert_cmpint (again->contact_id, ==, done->contact_id);
  g_assert_cmpint (again->deal_id, ==, done->deal_id);
  g_assert_cmpstr (again->deal_name, ==, done->deal_name);
}

static void
test_existing_account_by_inn (World        *w,
                              gconstpointer data)
{
  g_autoptr (CrmLeadConversion) plan = plan_for (w->db.store, w->lead);
  g_autoptr (CrmLeadConverted) done = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_autofree char   *existing = NULL;
  CrmDuplicateGroup *group;

  existing = value (w,
                    "INSERT INTO rapport.accounts (name, full_name, inn, kpp, city)"
                    " VALUES ($1, 'ООО «Сибирские семена»', '5406271956', '540601001', 'Новосибирск') RETURNING id",
                    "Сиб. семена");

  /* Found by its INN although named otherwise. */
  groups = crm_duplicates_find_similar_sync (w->db.store, crm_lead_conversion_get_account (plan), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpint (crm_duplicate_group_get_reason (group), ==, CRM_DUPLICATE_SAME_INN);
  g_assert_cmpuint (crm_duplicate_group_get_n_records (group), ==, 1);
  g_assert_cmpint (crm_record_get_id (crm_duplicate_group_get_record (group, 0)), ==,
                   g_ascii_strtoll (existing, NULL, 10));

  crm_lead_conversion_set_existing_account (plan, g_ascii_strtoll (existing, NULL, 10));
  crm_lead_conversion_set_with_deal (plan, FALSE);
  done = crm_store_convert_lead_sync (w->db.store, plan, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (done->account_created);
  g_assert_cmpint (done->account_id, ==, g_ascii_strtoll (existing, NULL, 10));
  g_assert_cmpint (done->deal_id, ==, 0);

  /* No new account; the contact joined the existing one; no deal. */
  assert_value (w, COUNT_ACCOUNTS, NULL, "1");
  assert_value (w, "SELECT account_id FROM rapport.contacts", NULL, existing);
  assert_value (w, COUNT_DEALS, NULL, "0");
  assert_value (w, "SELECT converted_account_id FROM rapport.leads WHERE id = $1::bigint", w->lead, existing);
  assert_value (w, "SELECT converted_deal_id IS NULL FROM rapport.leads WHERE id = $1::bigint", w->lead, "t");
}

static void
test_duplicates (World        *w,
                 gconstpointer data)
{
  g_autoptr (CrmLeadConversion) plan = plan_for (w->db.store, w->lead);
  g_autoptr (CrmRecord) candidate = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char   *named = NULL;
  g_autofree char   *by_email = NULL;
  g_autofree char   *by_phone = NULL;
  g_autofree char   *namesake = NULL;
  CrmDuplicateGroup *group;

  /* Same name (another case, ё for е) in the same city, no INN; and one
   * of that name elsewhere with another INN, which is another company. */
  named = value (w, "INSERT INTO rapport.accounts (name, city) VALUES ($1, 'новосибирск') RETURNING id",
                 "СИБИРСКИЕ  СЕМЕНА");
  g_free (value (w, "INSERT INTO rapport.accounts (name, city, inn) VALUES ($1, 'Новосибирск', '7707083893')"
                    " RETURNING id",
                 "Сибирские семена"));
  groups = crm_duplicates_find_similar_sync (w->db.store, crm_lead_conversion_get_account (plan), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpint (crm_duplicate_group_get_reason (group), ==, CRM_DUPLICATE_SAME_NAME);
  g_assert_cmpuint (crm_duplicate_group_get_n_records (group), ==, 1);
  g_assert_cmpint (crm_record_get_id (crm_duplicate_group_get_record (group, 0)), ==,
                   g_ascii_strtoll (named, NULL, 10));
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* Contacts: the e-mail in another case in the second e-mail field; the
   * lead's mobile as someone's home phone; the work number only on an
   * account's card (the switchboard) and its person: not counted when the
   * contact goes to that account. */
  by_email = value (w,
                    "INSERT INTO rapport.contacts (last_name, email2) VALUES ($1, 'r.tikhonov@SIB-SEEDS.ru')"
                    " RETURNING id",
                    "Тихонова");
  by_phone = value (w, "INSERT INTO rapport.contacts (last_name, phone_home) VALUES ($1, '+79137771122') RETURNING id",
                    "Петров");
  crm_test_db_changed (w->db.conn, "UPDATE rapport.accounts SET phone = '+73832184460' WHERE id = $1::bigint", named);
  g_free (value (w,
                 "INSERT INTO rapport.contacts (last_name, account_id, phone_work) VALUES ('Секретарь', $1::bigint,"
                 " '+73832184460') RETURNING id",
                 named));

  crm_lead_conversion_set_existing_account (plan, g_ascii_strtoll (named, NULL, 10));
  candidate = crm_lead_conversion_dup_contact_candidate (plan);
  /* The candidate as validation stores it (lower-case domain, E.164). */
  g_assert_true (crm_record_validate (candidate, NULL, NULL));
  groups = crm_duplicates_find_similar_sync (w->db.store, candidate, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 2);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpint (crm_duplicate_group_get_reason (group), ==, CRM_DUPLICATE_SAME_EMAIL);
  g_assert_cmpstr (crm_duplicate_group_get_value (group), ==, "r.tikhonov@sib-seeds.ru");
  g_assert_cmpint (crm_record_get_id (crm_duplicate_group_get_record (group, 0)), ==,
                   g_ascii_strtoll (by_email, NULL, 10));
  group = g_ptr_array_index (groups, 1);
  g_assert_cmpint (crm_duplicate_group_get_reason (group), ==, CRM_DUPLICATE_SAME_PHONE);
  g_assert_cmpint (crm_record_get_id (crm_duplicate_group_get_record (group, 0)), ==,
                   g_ascii_strtoll (by_phone, NULL, 10));
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* The same name at the same account. */
  namesake = value (w,
                    "INSERT INTO rapport.contacts (last_name, first_name, middle_name, account_id)"
                    " SELECT $1, 'Роман', 'Валерьевич', a.id FROM rapport.accounts a WHERE a.phone IS NOT NULL"
                    " RETURNING id",
                    "ТИХОНОВ");
  groups = crm_duplicates_find_similar_sync (w->db.store, candidate, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 3);
  group = g_ptr_array_index (groups, 2);
  g_assert_cmpint (crm_duplicate_group_get_reason (group), ==, CRM_DUPLICATE_SAME_NAME);
  g_assert_cmpint (crm_record_get_id (crm_duplicate_group_get_record (group, 0)), ==,
                   g_ascii_strtoll (namesake, NULL, 10));
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* At a new account that namesake is someone else, and the switchboard
   * number is no card's: its secretary shares it. */
  crm_lead_conversion_set_existing_account (plan, 0);
  g_clear_object (&candidate);
  candidate = crm_lead_conversion_dup_contact_candidate (plan);
  g_assert_true (crm_record_validate (candidate, NULL, NULL));
  groups = crm_duplicates_find_similar_sync (w->db.store, candidate, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 3);
  g_assert_cmpint (crm_duplicate_group_get_reason (g_ptr_array_index (groups, 0)), ==, CRM_DUPLICATE_SAME_EMAIL);
  g_assert_cmpint (crm_duplicate_group_get_reason (g_ptr_array_index (groups, 1)), ==, CRM_DUPLICATE_SAME_PHONE);
  g_assert_cmpstr (crm_duplicate_group_get_value (g_ptr_array_index (groups, 1)), ==, "+73832184460");
  g_assert_cmpint (crm_duplicate_group_get_reason (g_ptr_array_index (groups, 2)), ==, CRM_DUPLICATE_SAME_PHONE);
}

/* A failure after the account and contact are written: the default
 * pipeline has no stage for the deal. */
static void
test_rollback_midway (World        *w,
                      gconstpointer data)
{
  g_autoptr (CrmLeadConversion) plan = plan_for (w->db.store, w->lead);
  g_autoptr (CrmLeadConverted) done = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = value (w, LEAD_STATE, w->lead);

  crm_test_db_exec (w->db.conn, "DELETE FROM rapport.pipeline_stages");
  done = crm_store_convert_lead_sync (w->db.store, plan, NULL, &error);
  g_assert_null (done);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "New deal: "));
  assert_value (w, COUNT_ACCOUNTS, NULL, "0");
  assert_value (w, COUNT_CONTACTS, NULL, "0");
  assert_value (w, COUNT_DEALS, NULL, "0");
  assert_value (w, LEAD_STATE, w->lead, before);
  g_clear_error (&error);

  /* An absurd amount is refused before anything is written. */
  crm_record_set_int (crm_lead_conversion_get_deal (plan), "amount", G_GINT64_CONSTANT (100000000000001));
  done = crm_store_convert_lead_sync (w->db.store, plan, NULL, &error);
  g_assert_null (done);
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "New deal: "));
  assert_value (w, COUNT_ACCOUNTS, NULL, "0");
  assert_value (w, LEAD_STATE, w->lead, before);
}

/* A manager picks a contact someone else's: the new account written a
 * moment before goes too. */
static void
test_rollback_not_visible (World        *w,
                           gconstpointer data)
{
  g_autofree char *team_a = value (w, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id", "Москва");
  g_autofree char *team_b = value (w, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id", "Казань");
  g_autofree char *mgr_a = NULL;
  g_autofree char *mgr_b = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *before = NULL;
  g_autofree char *conninfo = g_strdup_printf ("%s user=lconv_mgr_b", w->db.conninfo);
  g_autoptr (CrmStore) store = NULL;
  g_autoptr (CrmLeadConversion) plan = NULL;
  g_autoptr (CrmLeadConverted) done = NULL;
  g_autoptr (GError) error = NULL;
  const char *params[4];
  PGresult   *res;

  params[0] = "lconv_mgr_a";
  params[1] = "Смирнова Ольга Викторовна";
  params[2] = "manager";
  params[3] = team_a;
  res = PQexecParams (w->db.conn, "SELECT rapport.employee_add($1, NULL, $2, $3, $4::bigint)", 4, NULL, params, NULL,
                      NULL, 0);
  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  mgr_a = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  params[0] = "lconv_mgr_b";
  params[1] = "Сабирова Алсу Ринатовна";
  params[3] = team_b;
  res = PQexecParams (w->db.conn, "SELECT rapport.employee_add($1, NULL, $2, $3, $4::bigint)", 4, NULL, params, NULL,
                      NULL, 0);
  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  mgr_b = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);

  crm_test_db_exec (w->db.conn, "UPDATE rapport.leads SET owner_id = (SELECT id FROM rapport.employees"
                                " WHERE login = 'lconv_mgr_b')");
  hidden = value (w, "INSERT INTO rapport.contacts (last_name, owner_id) VALUES ('Тихонов', $1::bigint) RETURNING id",
                  mgr_a);
  before = value (w, LEAD_STATE, w->lead);

  store = crm_test_db_open_store (conninfo);
  plan = plan_for (store, w->lead);
  crm_lead_conversion_set_existing_contact (plan, g_ascii_strtoll (hidden, NULL, 10));
  done = crm_store_convert_lead_sync (store, plan, NULL, &error);
  g_assert_null (done);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "The chosen contact"));
  assert_value (w, COUNT_ACCOUNTS, NULL, "0");
  assert_value (w, COUNT_CONTACTS, NULL, "1");
  assert_value (w, COUNT_DEALS, NULL, "0");
  assert_value (w, LEAD_STATE, w->lead, before);
  g_clear_error (&error);

  /* With a contact of their own it works, as theirs. */
  crm_lead_conversion_set_existing_contact (plan, 0);
  done = crm_store_convert_lead_sync (store, plan, NULL, &error);
  g_assert_no_error (error);
  assert_value (w, "SELECT owner_id FROM rapport.accounts", NULL, mgr_b);
  assert_value (w, "SELECT count(*) FROM rapport.contacts WHERE owner_id = $1::bigint", mgr_b, "1");
  assert_value (w, "SELECT owner_id FROM rapport.deals", NULL, mgr_b);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* The server goes away after the account, contact and deal are written:
 * nothing of them stays. */
static void
test_rollback_lost_connection (World        *w,
                               gconstpointer data)
{
  g_autoptr (CrmLeadConversion) plan = plan_for (w->db.store, w->lead);
  g_autoptr (CrmLeadConverted) done = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = value (w, LEAD_STATE, w->lead);

  crm_test_db_exec (w->db.conn,
                    "CREATE FUNCTION rapport.test_hang_up() RETURNS trigger LANGUAGE plpgsql AS $$"
                    " BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$;"
                    " CREATE TRIGGER test_hang_up AFTER INSERT ON rapport.deals"
                    " FOR EACH ROW EXECUTE FUNCTION rapport.test_hang_up()");
  done = crm_store_convert_lead_sync (w->db.store, plan, NULL, &error);
  g_assert_null (done);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION);
  assert_value (w, COUNT_ACCOUNTS, NULL, "0");
  assert_value (w, COUNT_CONTACTS, NULL, "0");
  assert_value (w, COUNT_DEALS, NULL, "0");
  assert_value (w, LEAD_STATE, w->lead, before);
  g_clear_error (&error);

  /* Back again, it converts. */
  crm_test_db_exec (w->db.conn, "DROP TRIGGER test_hang_up ON rapport.deals");
  done = crm_store_convert_lead_sync (w->db.store, plan, NULL, &error);
  g_assert_no_error (error);
  assert_value (w, COUNT_DEALS, NULL, "1");
}

static void
test_converted_once (World        *w,
                     gconstpointer data)
{
  g_autoptr (CrmLeadConversion) plan = plan_for (w->db.store, w->lead);
  g_autoptr (CrmLeadConversion) second = NULL;
  g_autoptr (CrmLeadConverted) done = NULL;
  g_autoptr (CrmLeadConverted) where = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *old = NULL;
  g_autofree char *message = NULL;
  PGresult        *res;

  done = crm_store_convert_lead_sync (w->db.store, plan, NULL, &error);
  g_assert_no_error (error);
  after = value (w, LEAD_STATE, w->lead);

  /* Through the store, from the lead as it is now: refused in words. */
  second = plan_for (w->db.store, w->lead);
  g_clear_pointer (&done, crm_lead_converted_free);
  done = crm_store_convert_lead_sync (w->db.store, second, NULL, &error);
  g_assert_null (done);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "was already converted on"));
  g_assert_nonnull (strstr (error->message, "Тихонов Роман Валерьевич"));
  g_clear_error (&error);
  /* From the plan made before: the lead has moved on. */
  done = crm_store_convert_lead_sync (w->db.store, plan, NULL, &error);
  g_assert_null (done);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  assert_value (w, COUNT_ACCOUNTS, NULL, "1");
  assert_value (w, COUNT_CONTACTS, NULL, "1");
  assert_value (w, COUNT_DEALS, NULL, "1");
  assert_value (w, LEAD_STATE, w->lead, after);

  /* The database itself: no second conversion, no undoing it. */
  res = PQexecParams (w->db.conn, "UPDATE rapport.leads SET converted_at = now() - interval '1 day' WHERE id = $1::bigint",
                      1, NULL, (const char *const[]){ w->lead }, NULL, NULL, 0);
  g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, "23514");
  g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_CONSTRAINT_NAME), ==, "leads_converted_once_check");
  message = g_strdup (PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY));
  g_assert_nonnull (strstr (message, "already converted"));
  PQclear (res);
  crm_test_db_refused (w->db.conn, "UPDATE rapport.leads SET converted_at = NULL WHERE id = $1::bigint", w->lead,
                       "23514");
  assert_value (w, LEAD_STATE, w->lead, after);

  /* A lead marked converted by hand before the links were kept: not
   * converted again either, and it says so. */
  old = value (w, "INSERT INTO rapport.leads (last_name, status) VALUES ($1, 'converted') RETURNING id", "Ермакова");
  g_clear_object (&second);
  second = plan_for (w->db.store, old);
  done = crm_store_convert_lead_sync (w->db.store, second, NULL, &error);
  g_assert_null (done);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is converted already"));
  g_clear_error (&error);
  crm_test_db_refused (w->db.conn, "UPDATE rapport.leads SET converted_at = now() WHERE id = $1::bigint", old, "23514");
  where = crm_store_get_lead_conversion_sync (w->db.store, g_ascii_strtoll (old, NULL, 10), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (where->converted);
  g_assert_null (where->converted_at);
  g_assert_cmpint (where->account_id, ==, 0);
  assert_value (w, COUNT_ACCOUNTS, NULL, "1");
}

/* Merging the account away moves the lead's link to the one kept. */
static void
test_merge_keeps_link (World        *w,
                       gconstpointer data)
{
  g_autoptr (CrmLeadConversion) plan = plan_for (w->db.store, w->lead);
  g_autoptr (CrmLeadConverted) done = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) a = NULL;
  g_autoptr (CrmRecord) b = NULL;
  g_autoptr (CrmRecord) kept = NULL;
  g_autofree char *older = value (w, "INSERT INTO rapport.accounts (name) VALUES ($1) RETURNING id", "Сиб. семена");
  g_autofree char *kept_id = NULL;

  done = crm_store_convert_lead_sync (w->db.store, plan, NULL, &error);
  g_assert_no_error (error);
  a = crm_store_get_sync (w->db.store, crm_record_type_lookup ("account"), g_ascii_strtoll (older, NULL, 10), NULL,
                          &error);
  g_assert_no_error (error);
  b = crm_store_get_sync (w->db.store, crm_record_type_lookup ("account"), done->account_id, NULL, &error);
  g_assert_no_error (error);
  kept = crm_merge_records_sync (w->db.store, a, b, NULL, NULL, &error);
  g_assert_no_error (error);
  kept_id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (kept));
  assert_value (w, "SELECT converted_account_id FROM rapport.leads WHERE id = $1::bigint", w->lead, older);
  g_assert_cmpstr (kept_id, ==, older);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

#define ADD(path, func) g_test_add (path, World, "lead_conversion", world_set_up, func, world_tear_down)
  ADD ("/lead-conversion/everything-new", test_everything_new);
  ADD ("/lead-conversion/existing-account-by-inn", test_existing_account_by_inn);
  ADD ("/lead-conversion/duplicates", test_duplicates);
  ADD ("/lead-conversion/rollback-midway", test_rollback_midway);
  ADD ("/lead-conversion/rollback-not-visible", test_rollback_not_visible);
  ADD ("/lead-conversion/rollback-lost-connection", test_rollback_lost_connection);
  ADD ("/lead-conversion/converted-once", test_converted_once);
  ADD ("/lead-conversion/merge-keeps-link", test_merge_keeps_link);
#undef ADD

  return g_test_run ();
}
