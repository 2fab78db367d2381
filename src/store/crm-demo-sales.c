/* crm-demo-sales.c — the demo's catalogue of products and services and its
 * sales (S4, S5)
 *
 * The travel agency of the seeds sells air and rail tickets, insurance
 * policies, visa support, transfers and its own service fees. Each demo
 * client, sub-agent and partner bought a few of them over the last twelve
 * months, recorded by the account's responsible employee.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-demo-private.h"
#include "crm-store-private.h"

typedef struct
{
  const char *code;
  const char *name;
  const char *unit;
  gint64      price; /* kopecks */
  const char *vat_rate;
  gboolean    active;
  guint       max_quantity; /* a sale is 1…max_quantity units */
  const char *description;
} CrmDemoProduct;

static const CrmDemoProduct products[] = {
  { "AVIA-RU", "Авиабилет по России", "шт.", 1285000, "none", TRUE, 12,
    "Перевозка по маршрутам внутри России. Тариф перевозчика, сбор агентства оформляется отдельно." },
  { "AVIA-INT", "Авиабилет международный", "шт.", 3840000, "vat0", TRUE, 8,
    "Международная перевозка (НДС 0 %). Тариф перевозчика с таксами, без сервисного сбора." },
  { "RZD", "Ж/д билет", "шт.", 473000, "none", TRUE, 20,
    "Поезда дальнего следования РЖД и ФПК; электронная регистрация." },
  { "INS-VZR", "Страховой полис ВЗР", "полис", 145000, "none", TRUE, 10,
    "Медицинское страхование выезжающих за рубеж, покрытие 50 000 €, подходит для шенгенской визы." },
  { "INS-NS", "Страхование от несчастного случая", "полис", 69000, "none", TRUE, 10,
    "На время поездки, для командированных сотрудников." },
  { "FEE-AVIA", "Сервисный сбор за оформление авиабилета", "усл. ед.", 85000, "vat20", TRUE, 12,
    "Взимается с каждого выписанного билета; при возврате не возвращается." },
  { "FEE-RZD", "Сервисный сбор за оформление ж/д билета", "усл. ед.", 35000, "vat20", TRUE, 20, NULL },
  { "VISA-SCH", "Визовая поддержка (шенген)", "усл. ед.", 750000, "vat20", TRUE, 4,
    "Проверка документов, запись в визовый центр, заполнение анкеты. Консульский сбор оплачивается отдельно." },
  { "VISA-URG", "Срочное оформление визы", "усл. ед.", 1400000, "vat20", TRUE, 2, NULL },
  { "TRANSFER", "Трансфер аэропорт — гостиница", "поездка", 320000, "vat20", TRUE, 6,
    "Встреча с табличкой, автомобиль бизнес-класса, ожидание до 60 минут." },
  { "HOTEL", "Бронирование гостиницы", "усл. ед.", 120000, "vat20", TRUE, 8,
    "Сбор агентства за бронирование; проживание оплачивается по счёту гостиницы." },
  { "MICE", "Организация деловой поездки под ключ", "комплект", 4500000, "vat20", TRUE, 1,
    "Перелёт, проживание, трансферы, конференц-зал и сопровождение группы до 20 человек." },
  { "CORP", "Абонентское обслуживание корпоративного клиента", "месяц", 2500000, "vat20", TRUE, 1,
    "Выделенный менеджер, выписка 24/7, ежемесячный отчёт по командировочным расходам." },
  { "CONSULT", "Консультация по оформлению документов", "час", 250000, "vat20", TRUE, 3, NULL },
  { "TOUR-GK", "Групповой тур «Золотое кольцо»", "комплект", 3200000, "vat20", FALSE, 4,
    "Снят с продажи в 2025 году." },
};

G_STATIC_ASSERT (G_N_ELEMENTS (products) == CRM_DEMO_N_PRODUCTS);

static const char insert_product_sql[] =
    "INSERT INTO rapport.products (code, name, unit, price, vat_rate, active, description)"
    " VALUES ($1, $2, $3, $4::bigint, $5, $6::boolean, $7) RETURNING id";

/* A second load (CRM_DEMO_LOAD_FORCE) sells from the same catalogue. */
static const char find_product_sql[] = "SELECT id FROM rapport.products WHERE lower(code) = lower($1) ORDER BY id LIMIT 1";

static const char insert_sale_sql[] =
    "INSERT INTO rapport.sales (account_id, product_id, sale_date, quantity, amount, owner_id, comments)"
    " VALUES ($1::bigint, $2::bigint, current_date - $3::integer, $4::bigint, $5::bigint, $6::bigint, $7)";

static gboolean
buys (const CrmDemoAccount *a)
{
  return g_strcmp0 (a->account_type, "client") == 0 || g_strcmp0 (a->account_type, "subagent") == 0 ||
         g_strcmp0 (a->account_type, "partner") == 0;
}

guint
_crm_demo_n_sales (void)
{
  guint n = 0;

  for (guint i = 0; i < _crm_demo_n_accounts; i++)
    if (buys (&_crm_demo_accounts[i]))
      n += 2 + i % 4;
  return n;
}

gboolean
_crm_demo_insert_sales (PGconn      *conn,
                        const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                        const gint64 account_ids[],
                        GError     **error)
{
  gint64 product_ids[CRM_DEMO_N_PRODUCTS];

  for (guint p = 0; p < G_N_ELEMENTS (products); p++)
    {
      g_autofree char *price = _crm_demo_int64_to_text (products[p].price);
      const char      *params[] = { products[p].code, products[p].name, products[p].unit, price,
                                    products[p].vat_rate, products[p].active ? "t" : "f", products[p].description };

      if (!_crm_demo_query_int64 (conn, find_product_sql, 1, params, &product_ids[p], error))
        return FALSE;
      if (product_ids[p] == 0 &&
          !_crm_demo_query_int64 (conn, insert_product_sql, G_N_ELEMENTS (params), params, &product_ids[p], error))
        return FALSE;
    }

  for (guint i = 0; i < _crm_demo_n_accounts; i++)
    {
      const CrmDemoAccount *a = &_crm_demo_accounts[i];
      g_autofree char      *account = NULL;
      g_autofree char      *owner = NULL;

      if (!buys (a))
        continue;
      account = _crm_demo_int64_to_text (account_ids[i]);
      owner = _crm_demo_int64_to_text (employee_ids[a->owner]);
      for (guint k = 0; k < 2 + i % 4; k++)
        {
          /* Only what is on sale, the same on every load. */
          guint                 p = (i * 7 + k * 5) % (CRM_DEMO_N_PRODUCTS - 1);
          const CrmDemoProduct *product = &products[p];
          guint                 quantity = 1 + (i * 3 + k) % product->max_quantity;
          guint                 days_ago = (i * 37 + k * 71) % 360;
          g_autofree char      *product_id = _crm_demo_int64_to_text (product_ids[p]);
          g_autofree char      *days = g_strdup_printf ("%u", days_ago);
          g_autofree char      *qty = g_strdup_printf ("%u", quantity);
          g_autofree char      *amount = _crm_demo_int64_to_text (product->price * quantity);
          const char           *comment = k == 0 && quantity > 4 ? "Групповая поездка, оплата по счёту" : NULL;
          const char           *params[] = { account, product_id, days, qty, amount, owner, comment };
          g_autoptr (CrmDemoResult) res =
              _crm_store_exec (conn, insert_sale_sql, G_N_ELEMENTS (params), params, FALSE, error);

          if (res == NULL)
            return FALSE;
        }
    }

  return TRUE;
}
