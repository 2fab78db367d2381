/* crm-sale.c — sales: a product sold to an account (S4)
 *
 * The amount is money the database withholds from managers and read-only
 * users (rapport.money_columns()), like an account's annual revenue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-sale.h"

struct _CrmSale
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmSale, crm_sale, CRM_TYPE_RECORD)

#define MAIN  N_ ("Main")
#define NOTES N_ ("Notes")

static const CrmField sale_fields[] = {
  { "product_name", N_ ("Product or service"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, NULL,
    .sql = "(SELECT p.name FROM rapport.products p WHERE p.id = t.product_id)" },
  { "sale_date", N_ ("Date"), CRM_FIELD_DATE, CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN },
  { "account_id", N_ ("Account"), CRM_FIELD_REF, CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, MAIN,
    .ref_type = "account" },
  { "account_name", N_ ("Account"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, NULL,
    .sql = "(SELECT a.name FROM rapport.accounts a WHERE a.id = t.account_id)" },
  { "product_id", N_ ("Product or service"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, MAIN, .ref_type = "product" },
  { "quantity", N_ ("Quantity"), CRM_FIELD_INT, CRM_FIELD_NO_NEGATIVE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN },
  /* Money: withheld by the database from managers and read-only users. */
  { "amount", N_ ("Amount"), CRM_FIELD_MONEY,
    CRM_FIELD_NO_NEGATIVE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN },
  { "comments", N_ ("Comment"), CRM_FIELD_MULTILINE, CRM_FIELD_SEARCHABLE, NOTES, .max_length = 20000 },
};

const CrmRecordType crm_sale_type = {
  .name = "sale",
  .table = "sales",
  .label = N_ ("Sale"),
  .plural = N_ ("Sales"),
  .icon_name = "emblem-documents-symbolic",
  .new_label = N_ ("New Sale"),
  .empty_title = N_ ("No Sales Yet"),
  .empty_description = N_ ("Record what your accounts bought: the product, the date, the quantity and the amount"),
  .search_placeholder = N_ ("Search by product, account or comment"),
  .count_singular = NP_ ("%u sale", "%u sales"),
  .title_field = "product_name",
  .default_sort = "sale_date",
  .fields = sale_fields,
  .n_fields = G_N_ELEMENTS (sale_fields),
  .get_type = crm_sale_get_type,
};

/* The values exist once CrmRecord is constructed: a new sale is of one
 * unit, today. */
static void
crm_sale_constructed (GObject *object)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  G_OBJECT_CLASS (crm_sale_parent_class)->constructed (object);

  crm_record_set_int (CRM_RECORD (object), "quantity", 1);
  crm_record_set_text (CRM_RECORD (object), "sale_date", today, NULL);
}

static void
crm_sale_class_init (CrmSaleClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = crm_sale_constructed;
  crm_record_class_install_fields (CRM_RECORD_CLASS (klass), &crm_sale_type);
}

static void
crm_sale_init (CrmSale *self)
{
}

CrmSale *
crm_sale_new (void)
{
  return g_object_new (CRM_TYPE_SALE, NULL);
}
