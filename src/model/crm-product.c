/* crm-product.c — the catalogue of products and services (S5)
 *
 * What the agency sells: air and rail tickets, insurance policies, visa
 * support, transfers… with a unit, a list price and a VAT rate. Who may
 * change the catalogue is set in Users and Roles → Modules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-product.h"

struct _CrmProduct
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmProduct, crm_product, CRM_TYPE_RECORD)

static const CrmChoice vat_choices[] = {
  { "vat20", N_ ("VAT 20 %") },
  { "vat10", N_ ("VAT 10 %") },
  { "vat0", N_ ("VAT 0 %") },
  { "none", N_ ("No VAT") },
  { NULL, NULL }
};

#define MAIN  N_ ("Main")
#define PRICE N_ ("Price")
#define NOTES N_ ("Notes")

static const CrmField product_fields[] = {
  { "name", N_ ("Name"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN, .max_length = 300 },
  { "code", N_ ("Code"), CRM_FIELD_TEXT,
    CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN, .max_length = 50 },
  /* Translators: the unit a product is sold in: pcs., hour, month… */
  { "unit", N_ ("Unit"), CRM_FIELD_TEXT, CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN, .max_length = 50 },
  { "active", N_ ("On sale"), CRM_FIELD_BOOL, CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, MAIN },
  /* A list price, not a secret: everyone reads it. */
  { "price", N_ ("Price"), CRM_FIELD_MONEY,
    CRM_FIELD_NO_NEGATIVE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, PRICE },
  { "vat_rate", N_ ("VAT rate"), CRM_FIELD_CHOICE,
    CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, PRICE, .choices = vat_choices },
  { "description", N_ ("Description"), CRM_FIELD_MULTILINE, CRM_FIELD_SEARCHABLE, NOTES, .max_length = 20000 },
};

const CrmRecordType crm_product_type = {
  .name = "product",
  .table = "products",
  .label = N_ ("Product or Service"),
  .plural = N_ ("Products and Services"),
  .icon_name = "package-x-generic-symbolic",
  .new_label = N_ ("New Product or Service"),
  .empty_title = N_ ("No Products or Services Yet"),
  .empty_description = N_ ("Add what you sell, with its unit, price and VAT rate"),
  .search_placeholder = N_ ("Search by name, code or description"),
  .count_singular = NP_ ("%u product or service", "%u products and services"),
  .title_field = "name",
  .default_sort = "name",
  .fields = product_fields,
  .n_fields = G_N_ELEMENTS (product_fields),
  .get_type = crm_product_get_type,
};

/* The values exist once CrmRecord is constructed: a new product is on
 * sale. */
static void
crm_product_constructed (GObject *object)
{
  G_OBJECT_CLASS (crm_product_parent_class)->constructed (object);

  crm_record_set_bool (CRM_RECORD (object), "active", TRUE);
}

static void
crm_product_class_init (CrmProductClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = crm_product_constructed;
  crm_record_class_install_fields (CRM_RECORD_CLASS (klass), &crm_product_type);
}

static void
crm_product_init (CrmProduct *self)
{
}

CrmProduct *
crm_product_new (void)
{
  return g_object_new (CRM_TYPE_PRODUCT, NULL);
}
