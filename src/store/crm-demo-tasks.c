/* crm-demo-tasks.c — the demo's tasks (T1) and its renewal reminder (S2)
 *
 * Seed 000's two calls with «Звезда Азии»: the outgoing «Созвониться для
 * согласования даты деловой встречи» with Игнат Редькин (4 September
 * 2020, 16:00) and the «№ 100 / S Contract Renewal Reminder» its CRM made
 * for the support manager (7 August 2021, 09:00 in Moscow, 06:00 UTC as
 * the seed shows it), both done long since. Then the employees' work of
 * these days, dated from today: calls, meetings, letters and tasks that
 * are planned, in progress, done, overdue and cancelled, linked to the
 * demo's accounts, contacts, contracts and (once the deals are there) an
 * account's open deal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-demo-private.h"
#include "crm-store-private.h"

typedef struct
{
  const char       *subject;
  const char       *kind;
  const char       *status;
  const char       *priority;
  const char       *fixed_due; /* Moscow time; NULL: @days from today at @time */
  int               days;
  const char       *time;
  const char       *percent_done; /* NULL: none */
  CrmDemoEmployeeId owner;
  const char       *account;   /* the name of a demo account, or NULL */
  const char       *contact;   /* a last name at that account, or NULL */
  const char       *contract;  /* a demo contract's number, or NULL */
  gboolean          with_deal; /* linked to the account's open deal, if any */
  const char       *description;
} CrmDemoTask;

/* clang-format off */
static const CrmDemoTask tasks[] = {
  /* Seed 000 */
  { "Созвониться для согласования даты деловой встречи", "call", "done", "normal", "2020-09-04 16:00", 0, NULL,
    NULL, CRM_DEMO_EMPLOYEE_SMIRNOVA, "Звезда Азии", "Редькин", NULL, FALSE,
    "Исходящий звонок. Договорились о встрече 25.09.2020 в 14:30 для обсуждения новых условий." },
  { "№ 100 / S Contract Renewal Reminder", "renewal", "done", "high", "2021-08-07 09:00", 0, NULL,
    NULL, CRM_DEMO_EMPLOYEE_KOTOVA, "Звезда Азии", NULL, "№ 100 / S", FALSE,
    "Договор № 100 / S с «Звезда Азии» заканчивается 21.08.2021. Свяжитесь с клиентом и договоритесь о продлении." },
  /* These days */
  { "Позвонить Громыхайло И. В. по продлению корпоративного обслуживания", "call", "planned", "high", NULL, 0,
    "15:00", NULL, CRM_DEMO_EMPLOYEE_GUSEV, "Реал сервис", "Громыхайло", NULL, TRUE,
    "Уточнить число командировок на следующий квартал и предложить тариф «Профи»." },
  { "Подготовить коммерческое предложение для «Волга-Тур»", "task", "in_progress", "high", NULL, 2, "10:00",
    "40", CRM_DEMO_EMPLOYEE_SMIRNOVA, "Волга-Тур", NULL, NULL, TRUE,
    "Авиабилеты и ЖД билеты для групп, сервисный сбор по тарифу «Стандартный», трансферы отдельно." },
  { "Встреча в офисе «Агентство поездок»: условия на летний сезон", "meeting", "planned", "normal", NULL, 3,
    "11:30", NULL, CRM_DEMO_EMPLOYEE_BELOV, "Агентство поездок", "Струнина", NULL, TRUE,
    "Обсудить квоты на чартеры в Сочи и Калининград, сроки оплаты и комиссию субагента." },
  { "Проверить оплату по договору № 117 / S", "task", "planned", "normal", NULL, 1, "12:00", NULL,
    CRM_DEMO_EMPLOYEE_KOTOVA, "Поехали", NULL, "№ 117 / S", FALSE,
    "Сверить поступления за ноябрь с фактической суммой по договору." },
  { "Выслать договор № 125 / S на подпись", "email", "in_progress", "high", NULL, -1, "17:00", "50",
    CRM_DEMO_EMPLOYEE_KOTOVA, "Дорога к Морю", NULL, "№ 125 / S", FALSE,
    "Договор согласован юристами, ждём реквизиты для отправки оригиналов." },
  { "Отправить акт сверки за третий квартал", "email", "planned", "normal", NULL, -2, "10:00", NULL,
    CRM_DEMO_EMPLOYEE_ORLOV, "Поехали", NULL, NULL, FALSE,
    "Акт сверки взаиморасчётов по субагентскому договору; бухгалтерия клиента ждёт его до конца месяца." },
  { "Согласовать визовую поддержку для группы из 12 человек", "task", "done", "normal", NULL, -5, "16:00", NULL,
    CRM_DEMO_EMPLOYEE_LEBEDEVA, "Виза-Лайн", NULL, NULL, FALSE,
    "Приглашения получены, документы переданы в консульство." },
  { "Уточнить потребность в трансферах на март", "call", "planned", "low", NULL, 7, "14:00", NULL,
    CRM_DEMO_EMPLOYEE_GUSEV, "Трансфер-Профи", NULL, NULL, FALSE, NULL },
  { "Обзвонить субагентов по новому тарифному плану «Профи»", "call", "planned", "normal", NULL, 10, "10:00",
    NULL, CRM_DEMO_EMPLOYEE_SMIRNOVA, NULL, NULL, NULL, FALSE,
    "Список субагентов с оборотом от 3 млн руб. в месяц — у Д. А. Белова." },
  { "Подготовить отчёт по воронке продаж за месяц", "task", "planned", "low", NULL, 4, "18:00", NULL,
    CRM_DEMO_EMPLOYEE_BELOV, NULL, NULL, NULL, FALSE, NULL },
  { "Семинар для субагентов «Байкал-Тур» перенесён", "meeting", "cancelled", "normal", NULL, -3, "12:00", NULL,
    CRM_DEMO_EMPLOYEE_LEBEDEVA, "Байкал-Тур", NULL, NULL, FALSE,
    "Клиент попросил перенести семинар на следующий месяц." },
};
/* clang-format on */

G_STATIC_ASSERT (G_N_ELEMENTS (tasks) == CRM_DEMO_N_TASKS);

/* Due at @fixed_due or @days from today at @time, Moscow time; a done
 * task was completed half an hour after it was due. A second load
 * (CRM_DEMO_LOAD_FORCE) leaves the seed's renewal reminder single. */
static const char insert_task_sql[] =
    "WITH v AS (SELECT coalesce($5::timestamp, current_date + $6::integer + $7::time)"
    " AT TIME ZONE 'Europe/Moscow' AS due,"
    " (SELECT c.id FROM rapport.contracts c WHERE c.number = $12 ORDER BY c.id LIMIT 1) AS contract)"
    " INSERT INTO rapport.tasks (subject, kind, status, priority, due_at, percent_done, completed_at, owner_id,"
    " account_id, contact_id, deal_id, contract_id, contract_end_date, description)"
    " SELECT $1, $2, $3, $4, v.due, $8::integer, CASE WHEN $3 = 'done' THEN v.due + interval '30 minutes' END,"
    " $9::bigint, $10::bigint,"
    " (SELECT c.id FROM rapport.contacts c WHERE c.account_id = $10::bigint AND c.last_name = $11"
    "   ORDER BY c.id LIMIT 1),"
    " CASE WHEN $13::boolean THEN (SELECT d.id FROM rapport.deals d WHERE d.account_id = $10::bigint"
    "   ORDER BY d.closed_on IS NULL DESC, d.id LIMIT 1) END,"
    " v.contract,"
    " CASE WHEN $2 = 'renewal' THEN (SELECT c.end_date FROM rapport.contracts c WHERE c.id = v.contract) END,"
    " $14"
    " FROM v ON CONFLICT DO NOTHING";

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
_crm_demo_insert_tasks (PGconn      *conn,
                        const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                        const gint64 account_ids[],
                        GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      const CrmDemoTask *t = &tasks[i];
      g_autofree char   *days = g_strdup_printf ("%d", t->days);
      g_autofree char   *owner = _crm_demo_int64_to_text (employee_ids[t->owner]);
      g_autofree char   *account = t->account ? _crm_demo_int64_to_text (account_id_of (t->account, account_ids)) : NULL;
      const char        *params[] = { t->subject, t->kind, t->status, t->priority,
                                      t->fixed_due, days, t->time, t->percent_done,
                                      owner, account, t->contact, t->contract,
                               t->with_deal ? "t" : "f", t->description };
      g_autoptr (CrmDemoResult) res =
          _crm_store_exec (conn, insert_task_sql, G_N_ELEMENTS (params), params, FALSE, error);

      if (res == NULL)
        return FALSE;
    }

  return TRUE;
}
