/* crm-demo-contracts.c — the demo's tariff plans, commercial conditions
 * and contracts (S2, S3)
 *
 * Seed 000 as SuiteCRM showed it: the tariff plans «Стандартный»,
 * «Профи» and «Новичок» of «Моя организация», the two commercial
 * conditions of the rail supplier «ЖД Магнат», and the contracts
 * «№ 125 / S» (Дорога к Морю), «№ 117 / S» (Поехали) and «№ 100 / S»
 * (Звезда Азии) for the sale of air tickets, kept by the support manager.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-demo-private.h"
#include "crm-store-private.h"

typedef struct
{
  const char *code;
  const char *name;
  const char *valid_from;
  const char *status_date;
  const char *notes;
  const char *description;
} CrmDemoTariffPlan;

static const CrmDemoTariffPlan plans[] = {
  { "1", "Стандартный", "2018-02-01", "2018-01-20", "Тарифный план для стандартных договоров",
    "По тарифному плану 10 по ведущим Поставщикам взимается сбор в размере 0,5% от тарифа. "
    "Если Субагент применяет УСН его комиссия уменьшается на 18%НДС." },
  { "2", "Профи", "2019-03-01", "2019-02-15", "Тарифный план для агентств с большим оборотом",
    "Повышенная комиссия по ведущим авиаперевозчикам при обороте от 3 млн руб. в месяц." },
  { "3", "Новичок", "2020-01-15", "2020-01-10", "Тарифный план для новых субагентов на первый год работы",
    "Сниженный сервисный сбор на первые шесть месяцев сотрудничества." },
};

G_STATIC_ASSERT (G_N_ELEMENTS (plans) == CRM_DEMO_N_TARIFF_PLANS);

typedef struct
{
  guint       plan; /* index in plans[] */
  const char *name;
  const char *supplier;
  const char *text;
} CrmDemoCondition;

static const CrmDemoCondition conditions[] = {
  { 0, "КУ_XML_ЖД_возврат", "ЖД Магнат", "За транзакции ЖД билетов (возврат) - 1 руб. 60 коп." },
  { 0, "КУ_XML_ЖД_продажа", "ЖД Магнат", "За транзакции ЖД билетов (продажа) - 1 руб. 60 коп." },
};

G_STATIC_ASSERT (G_N_ELEMENTS (conditions) == CRM_DEMO_N_CONDITIONS);

typedef struct
{
  const char *number;
  const char *account; /* the name of a demo account */
  guint       plan;    /* index in plans[] */
  const char *start_date;
  const char *end_date;
  const char *status;
  gint64      planned_sum; /* kopecks */
  gint64      actual_sum;  /* kopecks, 0: none yet */
} CrmDemoContract;

static const CrmDemoContract contracts[] = {
  { "№ 125 / S", "Дорога к Морю", 1, "2020-07-28", "2021-07-27", "preparing", 250000000, 0 },
  { "№ 117 / S", "Поехали", 2, "2020-08-24", "2021-08-23", "signed", 120000000, 38450000 },
  { "№ 100 / S", "Звезда Азии", 0, "2020-08-22", "2021-08-21", "signed", 480000000, 215730000 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (contracts) == CRM_DEMO_N_CONTRACTS);

#define GENERAL_AGENT "Моя организация"

static const char find_plan_sql[] = "SELECT id FROM rapport.tariff_plans WHERE lower(code) = lower($1) ORDER BY id LIMIT 1";

static const char insert_plan_sql[] =
    "INSERT INTO rapport.tariff_plans (code, name, valid_from, status_date, notes, description, general_agent,"
    " status) VALUES ($1, $2, $3::date, $4::date, $5, $6, $7, 'active') RETURNING id";

static const char insert_condition_sql[] =
    "INSERT INTO rapport.commercial_conditions (tariff_plan_id, name, supplier, condition_text, general_agent,"
    " status) VALUES ($1::bigint, $2, $3, $4, $5, 'active')";

/* A second load (CRM_DEMO_LOAD_FORCE) keeps the numbers unique. */
static const char insert_contract_sql[] =
    "INSERT INTO rapport.contracts (number, title, organization, account_id, tariff_plan_id, start_date,"
    " end_date, status, planned_sum, actual_sum, owner_id)"
    " VALUES ($1, 'Договор на продажу авиабилетов', $2, $3::bigint, $4::bigint, $5::date, $6::date, $7,"
    " $8::bigint, $9::bigint, $10::bigint) ON CONFLICT DO NOTHING";

static gint64
account_id_of (const char  *name,
               const gint64 account_ids[])
{
  for (guint i = 0; i < _crm_demo_n_accounts; i++)
    if (g_str_equal (_crm_demo_accounts[i].name, name))
      return account_ids[i];
  g_return_val_if_reached (0);
}

gboolean
_crm_demo_insert_contracts (PGconn      *conn,
                            const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                            const gint64 account_ids[],
                            GError     **error)
{
  gint64           plan_ids[CRM_DEMO_N_TARIFF_PLANS];
  g_autofree char *manager = _crm_demo_int64_to_text (employee_ids[CRM_DEMO_EMPLOYEE_KOTOVA]);

  for (guint p = 0; p < G_N_ELEMENTS (plans); p++)
    {
      const char *params[] = { plans[p].code, plans[p].name, plans[p].valid_from, plans[p].status_date,
                               plans[p].notes, plans[p].description, GENERAL_AGENT };

      if (!_crm_demo_query_int64 (conn, find_plan_sql, 1, params, &plan_ids[p], error))
        return FALSE;
      if (plan_ids[p] != 0)
        continue;
      if (!_crm_demo_query_int64 (conn, insert_plan_sql, G_N_ELEMENTS (params), params, &plan_ids[p], error))
        return FALSE;

      for (guint c = 0; c < G_N_ELEMENTS (conditions); c++)
        {
          g_autofree char *plan = NULL;

          if (conditions[c].plan != p)
            continue;
          plan = _crm_demo_int64_to_text (plan_ids[p]);
          {
            const char *cparams[] = { plan, conditions[c].name, conditions[c].supplier, conditions[c].text,
                                      GENERAL_AGENT };
            g_autoptr (CrmDemoResult) res =
                _crm_store_exec (conn, insert_condition_sql, G_N_ELEMENTS (cparams), cparams, FALSE, error);

            if (res == NULL)
              return FALSE;
          }
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (contracts); i++)
    {
      const CrmDemoContract *c = &contracts[i];
      g_autofree char       *account = _crm_demo_int64_to_text (account_id_of (c->account, account_ids));
      g_autofree char       *plan = _crm_demo_int64_to_text (plan_ids[c->plan]);
      g_autofree char       *planned = _crm_demo_int64_to_text (c->planned_sum);
      g_autofree char       *actual = c->actual_sum ? _crm_demo_int64_to_text (c->actual_sum) : NULL;
      const char            *params[] = { c->number, GENERAL_AGENT, account, plan, c->start_date, c->end_date,
                                          c->status, planned, actual, manager };
      g_autoptr (CrmDemoResult) res =
          _crm_store_exec (conn, insert_contract_sql, G_N_ELEMENTS (params), params, FALSE, error);

      if (res == NULL)
        return FALSE;
    }

  return TRUE;
}
