/* test-ui-products.c — the Products and Services and Sales sections (S5,
 * S4): the demo's catalogue and sales listed with their sums in roubles; a
 * new service priced as people type it (a price that is no sum, or below
 * zero, marked next to the field); a sale's amount changed and saved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "crm-context.h"
#include "crm-demo.h"
#include "crm-product.h"
#include "crm-sale.h"
#include "crm-list-page.h"
#include "crm-query.h"
#include "crm-record-list.h"
#include "crm-record-page.h"
#include "crm-related-group.h"
#include "crm-test-db.h"
#include "crm-test-ui.h"
#include "crm-window.h"

static char       *conninfo;
static CrmContext *context;

static gint64
query_id (const char *sql)
{
  PGconn          *conn = crm_test_db_connect (conninfo);
  g_autofree char *text = crm_test_db_query_value (conn, sql, NULL);

  PQfinish (conn);
  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static void
show_list (CrmWindow  *window,
           const char *section)
{
  crm_window_set_section (window, section);
  crm_test_wait_until (crm_test_list_page_ready, crm_window_get_list_page (window, section), "the list shows its data");
}

/* The catalogue and the sales as lists: sums right-aligned as roubles. */
static void
test_lists (void)
{
  CrmWindow   *window = crm_window_new (NULL);
  CrmListPage *page;
  GListModel  *model;

  crm_window_set_section (window, "products");
  crm_window_set_context (window, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_present (GTK_WINDOW (window));
  page = CRM_LIST_PAGE (crm_window_get_list_page (window, "products"));
  g_assert_nonnull (page);
  g_assert_true (crm_list_page_get_record_type (page) == &crm_product_type);
  crm_test_wait_until (crm_test_list_page_ready, page, "the catalogue shows its data");
  model = G_LIST_MODEL (crm_list_page_get_model (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, CRM_DEMO_N_PRODUCTS);
  {
    g_autoptr (CrmRecord) first = g_list_model_get_item (model, 0);
    g_autofree char *price = NULL;

    crm_test_wait_until (crm_test_record_loaded, first, "the first product is loaded");
    price = crm_record_dup_display (first, "price");
    g_assert_true (g_str_has_suffix (price, ",00\xc2\xa0₽"));
  }
  crm_test_keep_screenshot (window, "products-list");

  show_list (window, "sales");
  page = CRM_LIST_PAGE (crm_window_get_list_page (window, "sales"));
  g_assert_true (crm_list_page_get_record_type (page) == &crm_sale_type);
  model = G_LIST_MODEL (crm_list_page_get_model (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 96);
  crm_test_keep_screenshot (window, "sales-list");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A new service priced as people type it; a price that is no sum or below
 * zero is marked next to the field and not saved. */
static void
test_new_product (void)
{
  CrmWindow     *window = crm_window_new (NULL);
  CrmRecordPage *page;
  GtkWidget     *name, *price, *unit, *code;
  CrmRecord     *stored;

  crm_window_set_section (window, "products");
  crm_window_set_context (window, context);
  gtk_window_present (GTK_WINDOW (window));
  crm_test_wait_until (crm_test_list_page_ready, crm_window_get_list_page (window, "products"), "the catalogue shows its data");

  crm_window_new_record (window, &crm_product_type, NULL);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the new product page is shown");
  name = crm_record_page_get_field_widget (page, "name");
  code = crm_record_page_get_field_widget (page, "code");
  unit = crm_record_page_get_field_widget (page, "unit");
  price = crm_record_page_get_field_widget (page, "price");
  g_assert_true (ADW_IS_ENTRY_ROW (price));
  /* A new product is on sale. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (crm_record_page_get_field_widget (page, "active"))));
  g_assert_cmpfloat (gtk_editable_get_alignment (GTK_EDITABLE (price)), ==, 1.0);

  gtk_editable_set_text (GTK_EDITABLE (name), "Оформление загранпаспорта");
  gtk_editable_set_text (GTK_EDITABLE (code), "PASSPORT");
  gtk_editable_set_text (GTK_EDITABLE (unit), "усл. ед.");
  gtk_editable_set_text (GTK_EDITABLE (price), "-3 500");
  g_assert_nonnull (crm_record_page_get_field_error (page, "price"));
  gtk_editable_set_text (GTK_EDITABLE (price), "три тысячи");
  g_assert_nonnull (crm_record_page_get_field_error (page, "price"));
  g_assert_cmpint (crm_test_save_page (page), ==, -1);
  crm_test_keep_screenshot (window, "product-invalid");

  gtk_editable_set_text (GTK_EDITABLE (price), "3 500,50 руб.");
  g_assert_null (crm_record_page_get_field_error (page, "price"));
  g_assert_cmpint (crm_test_save_page (page), ==, 1);
  stored = crm_record_page_get_stored (page);
  g_assert_cmpint (crm_record_get_int (stored, "price"), ==, 350050);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (price)), ==, "3\xc2\xa0"
                                                                     "500,50\xc2\xa0₽");
  g_assert_false (crm_record_page_get_dirty (page));
  crm_test_keep_screenshot (window, "product-saved");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A demo sale's page: its account and product, the amount in roubles. */
static void
test_sale_page (void)
{
  CrmWindow     *window = crm_window_new (NULL);
  CrmRecordPage *page;
  GtkWidget     *amount;
  gint64         id = query_id ("SELECT id FROM rapport.sales WHERE quantity > 2 ORDER BY id LIMIT 1");

  crm_window_set_section (window, "sales");
  crm_window_set_context (window, context);
  gtk_window_present (GTK_WINDOW (window));
  crm_test_wait_until (crm_test_list_page_ready, crm_window_get_list_page (window, "sales"), "the sales show their data");

  crm_window_open_record (window, &crm_sale_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the sale page is shown");
  amount = crm_record_page_get_field_widget (page, "amount");
  g_assert_true (g_str_has_suffix (gtk_editable_get_text (GTK_EDITABLE (amount)), "\xc2\xa0₽"));
  g_assert_nonnull (crm_record_get_string (crm_record_page_get_stored (page), "product_name"));

  /* A sum changed as typed, saved as kopecks. */
  gtk_editable_set_text (GTK_EDITABLE (amount), "12345.6");
  g_assert_cmpint (crm_test_save_page (page), ==, 1);
  g_assert_cmpint (crm_record_get_int (crm_record_page_get_stored (page), "amount"), ==, 1234560);
  crm_test_keep_screenshot (window, "sale-page");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* An account's page lists its sales under its people, newest first. */
static void
test_account_sales (void)
{
  CrmWindow       *window = crm_window_new (NULL);
  CrmRecordPage   *page;
  GtkWidget       *group, *stack;
  gint64           account = query_id ("SELECT account_id FROM rapport.sales GROUP BY account_id"
                                                 " ORDER BY count(*) DESC, account_id LIMIT 1");
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, account);
  PGconn          *conn = crm_test_db_connect (conninfo);
  g_autofree char *n_sales = crm_test_db_query_value (conn, "SELECT count(*) FROM rapport.sales WHERE account_id = $1::bigint",
                                                      text);
  g_autofree char *newest = crm_test_db_query_value (conn,
                                                     "SELECT id FROM rapport.sales WHERE account_id = $1::bigint"
                                                     " ORDER BY sale_date DESC, id DESC LIMIT 1",
                                                     text);
  CrmTestCount     count;

  PQfinish (conn);
  crm_window_set_section (window, "accounts");
  crm_window_set_context (window, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_present (GTK_WINDOW (window));
  crm_test_wait_until (crm_test_list_page_ready, crm_window_get_list_page (window, "accounts"), "the accounts are listed");

  crm_window_open_record (window, crm_record_type_lookup ("account"), account);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the account page is shown");
  group = crm_test_find_widget (GTK_WIDGET (page), CRM_TYPE_RELATED_GROUP, "sales");
  g_assert_nonnull (group);
  count.model = G_LIST_MODEL (crm_related_group_get_list (CRM_RELATED_GROUP (group)));
  count.n = (guint) g_ascii_strtoull (n_sales, NULL, 10);
  g_assert_cmpuint (count.n, >=, 5);
  crm_test_wait_until (crm_test_count_reached, &count, "the account's sales are listed");
  {
    g_autoptr (CrmRecord) first = g_list_model_get_item (count.model, 0);

    crm_test_wait_until (crm_test_record_loaded, first, "the newest sale is loaded");
    g_assert_cmpint (crm_record_get_id (first), ==, g_ascii_strtoll (newest, NULL, 10));
  }

  stack = crm_test_find_widget (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK, NULL);
  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "related");
  crm_test_keep_screenshot (window, "account-sales");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  crm_test_ui_init (&argc, &argv);

  context = crm_test_ui_open_demo ("ui_products", &conninfo);

  g_test_add_func ("/ui/products/lists", test_lists);
  g_test_add_func ("/ui/products/new-product", test_new_product);
  g_test_add_func ("/ui/products/sale-page", test_sale_page);
  g_test_add_func ("/ui/products/account-sales", test_account_sales);
  status = g_test_run ();

  crm_test_ui_close_demo (g_steal_pointer (&context), g_steal_pointer (&conninfo));
  return status;
}
