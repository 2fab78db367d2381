/* test-products.c — the catalogue of products and services (S5) and sales
 * (S4) in the database: the demo's catalogue and sales, a sale's amount
 * withheld from managers and read-only users like an account's revenue,
 * and the catalogue changed by its keeper only (seed 004: «только одному
 * пользователю позволяется изменять каталог продуктов и услуг»)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib.h>

#include "crm-demo.h"
#include "crm-product.h"
#include "crm-sale.h"
#include "crm-store.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

/* Cluster-wide login roles of this program, dropped after each test. */
static const char *const logins[] = { "prod_admin", "prod_head", "prod_keeper", "prod_mgr", "prod_mgr_b", "prod_ro", NULL };

typedef struct
{
  CrmTestFixture db;
  char          *team_a, *team_b;
  char          *head, *keeper, *mgr, *mgr_b;
  char          *account, *product, *sale;
} World;

static void
world_set_up (World        *w,
              gconstpointer name)
{
  crm_test_fixture_set_up (&w->db, name);
  crm_test_db_drop_roles (w->db.conn, logins);

  w->team_a = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id", "Отдел продаж");
  w->team_b = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id", "Служба поддержки");
  g_free (crm_test_db_add_employee (w->db.conn, "prod_admin", "Орлов Константин Николаевич", "admin", NULL));
  w->head = crm_test_db_add_employee (w->db.conn, "prod_head", "Белов Дмитрий Андреевич", "head", w->team_a);
  w->keeper = crm_test_db_add_employee (w->db.conn, "prod_keeper", "Смирнова Ольга Викторовна", "manager", w->team_a);
  w->mgr = crm_test_db_add_employee (w->db.conn, "prod_mgr", "Гусев Павел Игоревич", "manager", w->team_a);
  w->mgr_b = crm_test_db_add_employee (w->db.conn, "prod_mgr_b", "Котова Анна Сергеевна", "manager", w->team_b);
  g_free (crm_test_db_add_employee (w->db.conn, "prod_ro", "Лебедева Марина Олеговна", "readonly", NULL));

  w->account = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.accounts (name, owner_id) VALUES ('ООО «Звезда Азии»', $1::bigint)"
                                                    " RETURNING id",
                                        w->mgr);
  w->product = crm_test_db_query_value (w->db.conn,
                                        "INSERT INTO rapport.products (code, name, unit, price, vat_rate)"
                                        " VALUES ('VISA-SCH', 'Визовая поддержка (шенген)', 'усл. ед.', 750000, 'vat20') RETURNING id",
                                        NULL);
  w->sale = crm_test_db_query_value (w->db.conn,
                                     "INSERT INTO rapport.sales (account_id, product_id, sale_date, quantity, amount, owner_id)"
                                     " SELECT a.id, p.id, DATE '2026-03-02', 3, 2250000, a.owner_id"
                                     "   FROM rapport.accounts a, rapport.products p WHERE p.code = 'VISA-SCH' AND a.id = $1::bigint"
                                     " RETURNING id",
                                     w->account);
}

static void
world_tear_down (World        *w,
                 gconstpointer name)
{
  g_autoptr (PGconn) admin = NULL;

  crm_test_fixture_tear_down (&w->db, name);
  admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  crm_test_db_drop_roles (admin, logins);
  g_free (w->team_a);
  g_free (w->team_b);
  g_free (w->head);
  g_free (w->keeper);
  g_free (w->mgr);
  g_free (w->mgr_b);
  g_free (w->account);
  g_free (w->product);
  g_free (w->sale);
}

static gint64
to_id (const char *text)
{
  return g_ascii_strtoll (text, NULL, 10);
}

/* The demo's catalogue and a year of sales to its clients, sub-agents and
 * partners, each priced from the catalogue. */
static void
test_demo (CrmTestFixture *f,
           gconstpointer   data)
{
  g_autofree char *products = NULL;
  g_autofree char *off_sale = NULL;
  g_autofree char *sales = NULL;
  g_autofree char *mispriced = NULL;
  g_autofree char *to_others = NULL;
  g_autofree char *out_of_year = NULL;
  g_autofree char *months = NULL;
  g_autofree char *foreign_owner = NULL;
  g_autofree char *searchable = NULL;

  crm_test_db_load_demo (f->store);

  products = crm_test_db_query_value (f->conn, "SELECT count(*) FROM rapport.products", NULL);
  g_assert_cmpint (g_ascii_strtoll (products, NULL, 10), ==, CRM_DEMO_N_PRODUCTS);
  off_sale = crm_test_db_query_value (f->conn, "SELECT string_agg(code, ',') FROM rapport.products WHERE NOT active", NULL);
  g_assert_cmpstr (off_sale, ==, "TOUR-GK");

  sales = crm_test_db_query_value (f->conn, "SELECT count(*) FROM rapport.sales", NULL);
  g_assert_cmpint (g_ascii_strtoll (sales, NULL, 10), ==, 96);
  mispriced = crm_test_db_query_value (f->conn,
                                       "SELECT count(*) FROM rapport.sales s JOIN rapport.products p ON p.id = s.product_id"
                                       " WHERE s.amount <> p.price * s.quantity OR NOT p.active",
                                       NULL);
  g_assert_cmpstr (mispriced, ==, "0");
  to_others = crm_test_db_query_value (f->conn,
                                       "SELECT count(*) FROM rapport.sales s JOIN rapport.accounts a ON a.id = s.account_id"
                                       " WHERE a.account_type NOT IN ('client', 'subagent', 'partner')",
                                       NULL);
  g_assert_cmpstr (to_others, ==, "0");
  out_of_year = crm_test_db_query_value (f->conn,
                                         "SELECT count(*) FROM rapport.sales"
                                         " WHERE sale_date > current_date OR sale_date <= current_date - 365",
                                         NULL);
  g_assert_cmpstr (out_of_year, ==, "0");
  months = crm_test_db_query_value (f->conn, "SELECT count(DISTINCT date_trunc('month', sale_date)) FROM rapport.sales",
                                    NULL);
  g_assert_cmpint (g_ascii_strtoll (months, NULL, 10), >=, 11);
  foreign_owner = crm_test_db_query_value (f->conn,
                                           "SELECT count(*) FROM rapport.sales s JOIN rapport.accounts a ON a.id = s.account_id"
                                           " WHERE s.owner_id IS DISTINCT FROM a.owner_id",
                                           NULL);
  g_assert_cmpstr (foreign_owner, ==, "0");
  /* Found by the product's and the account's names. */
  searchable = crm_test_db_query_value (f->conn,
                                        "SELECT count(*) FROM rapport.sales"
                                        " WHERE search_text LIKE '%авиабилет%' AND search_text <> ''",
                                        NULL);
  g_assert_cmpint (g_ascii_strtoll (searchable, NULL, 10), >, 0);
}

/* A sale's amount is money: managers and read-only users neither read
 * nor write it; a product's list price everyone reads. */
static void
test_money (World        *w,
            gconstpointer data)
{
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "prod_mgr");
  g_autoptr (PGconn) ro = crm_test_db_connect_as (w->db.conninfo, "prod_ro");
  g_autoptr (PGconn) head = crm_test_db_connect_as (w->db.conninfo, "prod_head");
  g_autoptr (CrmStore) store = crm_test_db_open_store_as (w->db.conninfo, "prod_mgr");
  g_autoptr (CrmRecord) sale = NULL;
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) product = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *price = NULL;
  g_autofree char *ro_price = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *kept = NULL;

  crm_test_db_refused (mgr, "SELECT amount FROM rapport.sales", NULL, "42501");
  crm_test_db_refused (mgr, "SELECT sum(amount) FROM rapport.sales", NULL, "42501");
  crm_test_db_refused (ro, "SELECT amount FROM rapport.sales", NULL, "42501");
  crm_test_db_refused (mgr, "UPDATE rapport.sales SET amount = 1 WHERE id = $1::bigint", w->sale, "42501");
  amount = crm_test_db_query_value (head, "SELECT amount FROM rapport.sales WHERE id = $1::bigint", w->sale);
  g_assert_cmpstr (amount, ==, "2250000");
  price = crm_test_db_query_value (mgr, "SELECT price FROM rapport.products WHERE id = $1::bigint", w->product);
  g_assert_cmpstr (price, ==, "750000");
  ro_price = crm_test_db_query_value (ro, "SELECT price FROM rapport.products WHERE id = $1::bigint", w->product);
  g_assert_cmpstr (ro_price, ==, "750000");
  /* Accounts' revenue stays withheld beside it. */
  crm_test_db_refused (mgr, "SELECT annual_revenue FROM rapport.accounts", NULL, "42501");

  /* Through the store: "Hidden", and a manager's change keeps the sum. */
  sale = crm_store_get_sync (store, &crm_sale_type, to_id (w->sale), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (crm_record_is_withheld (sale, "amount"));
  shown = crm_record_dup_display (sale, "amount");
  g_assert_cmpstr (shown, ==, "Hidden");
  g_assert_cmpstr (crm_record_get_string (sale, "product_name"), ==, "Визовая поддержка (шенген)");
  g_assert_cmpstr (crm_record_get_string (sale, "account_name"), ==, "ООО «Звезда Азии»");
  crm_record_set_string (sale, "comments", "Три визы для делегации");
  saved = crm_store_save_sync (store, sale, NULL, &error);
  g_assert_no_error (error);
  kept = crm_test_db_query_value (w->db.conn, "SELECT amount FROM rapport.sales WHERE id = $1::bigint", w->sale);
  g_assert_cmpstr (kept, ==, "2250000");

  product = crm_store_get_sync (store, &crm_product_type, to_id (w->product), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (crm_record_is_withheld (product, "price"));
  g_assert_cmpint (crm_record_get_int (product, "price"), ==, 750000);

  g_clear_object (&sale);
  g_clear_object (&saved);
  g_clear_object (&product);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* A sum typed by a head goes into the database as kopecks. */
static void
test_money_saved (World        *w,
                  gconstpointer data)
{
  g_autoptr (CrmStore) store = crm_test_db_open_store_as (w->db.conninfo, "prod_head");
  g_autoptr (CrmRecord) sale = crm_record_new (&crm_sale_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *id = NULL;

  crm_record_set_int (sale, "account_id", to_id (w->account));
  crm_record_set_int (sale, "product_id", to_id (w->product));
  crm_record_set_int (sale, "quantity", 2);
  g_assert_true (crm_record_set_text (sale, "sale_date", "2026-11-30", NULL));
  g_assert_true (crm_field_check_text (crm_record_type_get_field (&crm_sale_type, "amount"), "15 000,50 руб.",
                                       &normalized, &error));
  g_assert_true (crm_record_set_text (sale, "amount", normalized, &error));
  g_assert_no_error (error);
  saved = crm_store_save_sync (store, sale, NULL, &error);
  g_assert_no_error (error);

  id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (saved));
  amount = crm_test_db_query_value (w->db.conn, "SELECT amount FROM rapport.sales WHERE id = $1::bigint", id);
  g_assert_cmpstr (amount, ==, "1500050");
  shown = crm_record_dup_display (saved, "amount");
  g_assert_cmpstr (shown, ==, "15\xc2\xa0"
                              "000,50\xc2\xa0₽");
  /* A negative sum is refused by the field. */
  g_clear_pointer (&normalized, g_free);
  g_assert_false (crm_field_check_text (crm_record_type_get_field (&crm_sale_type, "amount"), "-5", &normalized, NULL));

  g_clear_object (&saved);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* Seed 004: only the catalogue's keeper changes it; everybody reads it. */
static void
test_keeper (World        *w,
             gconstpointer data)
{
  g_autoptr (PGconn) admin = crm_test_db_connect_as (w->db.conninfo, "prod_admin");
  g_autoptr (PGconn) keeper = crm_test_db_connect_as (w->db.conninfo, "prod_keeper");
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "prod_mgr");
  g_autoptr (PGconn) mgr_b = crm_test_db_connect_as (w->db.conninfo, "prod_mgr_b");
  g_autoptr (CrmStore) mgr_store = crm_test_db_open_store_as (w->db.conninfo, "prod_mgr");
  g_autoptr (CrmStore) keeper_store = crm_test_db_open_store_as (w->db.conninfo, "prod_keeper");
  g_autoptr (CrmRecord) product = NULL;
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GError) error = NULL;
  const char      *raise = "UPDATE rapport.products SET price = 800000 WHERE id = $1::bigint";
  g_autofree char *price = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *new_id = NULL;

  /* Open to every manager until an administrator names its editors. */
  g_assert_cmpint (crm_test_db_changed (mgr, "UPDATE rapport.products SET unit = 'усл. ед.' WHERE id = $1::bigint", w->product), ==, 1);
  g_assert_cmpint (crm_test_db_changed (admin, "INSERT INTO rapport.module_editors VALUES ('products', $1::bigint)", w->keeper), ==,
                   1);

  g_assert_cmpint (crm_test_db_changed (mgr, raise, w->product), ==, 0);
  crm_test_db_refused (mgr, "INSERT INTO rapport.products (name) VALUES ('Трансфер')", NULL, "42501");
  g_assert_cmpint (crm_test_db_changed (mgr, "DELETE FROM rapport.products WHERE id = $1::bigint", w->product), ==, 0);
  price = crm_test_db_query_value (w->db.conn, "SELECT price FROM rapport.products WHERE id = $1::bigint", w->product);
  g_assert_cmpstr (price, ==, "750000");

  g_assert_cmpint (crm_test_db_changed (keeper, raise, w->product), ==, 1);
  new_id = crm_test_db_query_value (keeper, "INSERT INTO rapport.products (name, price) VALUES ('Трансфер аэропорт — гостиница', 320000)"
                                            " RETURNING id",
                                    NULL);
  g_assert_nonnull (new_id);
  /* What the keeper adds, another department reads. */
  seen = crm_test_db_query_value (mgr_b, "SELECT name FROM rapport.products WHERE id = $1::bigint", new_id);
  g_assert_cmpstr (seen, ==, "Трансфер аэропорт — гостиница");
  /* Sales stay open to every manager. */
  g_assert_cmpint (crm_test_db_changed (mgr, "UPDATE rapport.sales SET comments = 'x' WHERE id = $1::bigint", w->sale), ==, 1);

  /* Through the store: the manager is refused, the keeper saves. */
  product = crm_store_get_sync (mgr_store, &crm_product_type, to_id (w->product), NULL, &error);
  g_assert_no_error (error);
  crm_record_set_string (product, "description", "Запись в визовый центр");
  saved = crm_store_save_sync (mgr_store, product, NULL, &error);
  g_assert_null (saved);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&product);

  product = crm_store_get_sync (keeper_store, &crm_product_type, to_id (w->product), NULL, &error);
  g_assert_no_error (error);
  crm_record_set_string (product, "description", "Запись в визовый центр");
  saved = crm_store_save_sync (keeper_store, product, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (saved, "description"), ==, "Запись в визовый центр");
  g_assert_cmpint (crm_record_get_int (saved, "price"), ==, 800000);

  g_clear_object (&product);
  g_clear_object (&saved);
  crm_test_assert_finalized (g_steal_pointer (&mgr_store));
  crm_test_assert_finalized (g_steal_pointer (&keeper_store));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  g_test_add ("/products/demo", CrmTestFixture, "products", crm_test_fixture_set_up, test_demo,
              crm_test_fixture_tear_down);
#define ADD(path, func) g_test_add (path, World, "products", world_set_up, func, world_tear_down)
  ADD ("/products/money", test_money);
  ADD ("/products/money-saved", test_money_saved);
  ADD ("/products/keeper", test_keeper);
#undef ADD

  return g_test_run ();
}
