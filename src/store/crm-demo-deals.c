/* crm-demo-deals.c — the demo's deals across the sales funnel (S1)
 *
 * Seed 000's funnel «2020~Февраль» first: the six travel agencies of the
 * seed entered the default pipeline «Продажи» in February 2020 and got as
 * far as the seed tells (Звезда Азии signed and bought, Поехали and
 * Дорога к Морю signed, В Пути! is still in the pool). Then a year of
 * deals with the other demo accounts, entered month by month up to the
 * current one, in every stage, some won, some lost with their reason, so
 * that the board and the funnel have something to show. Amounts are
 * kopecks. A deal's owner is its account's owner.
 *
 * The months are the deals' created_at: the demo writes them as the
 * table's owner with the stamp and audit triggers held back for the one
 * UPDATE (a workstation's user could not, and never needs to).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-demo-private.h"
#include "crm-store-private.h"

/* Stage positions of the default pipeline (0012-deals.sql). */
enum
{
  POOL,
  ASSIGNED,
  CONTACT,
  SIGNED,
  FIRST_SALE,
  WON,
  LOST,
};

typedef struct
{
  guint       account; /* index in _crm_demo_accounts */
  const char *name;
  gint64      roubles;
  guint       stage;
  guint       reached;    /* LOST: the furthest open stage it got to */
  int         months_ago; /* -1: the seed's February 2020 */
  guint       day;        /* of the month it entered the funnel */
  int         close_days; /* expected close, days after it entered */
  const char *loss_reason;
} CrmDemoDeal;

static const CrmDemoDeal deals[] = {
  /* «2020~Февраль» */
  { 0, "Продажа авиабилетов для субагента", 4800000, WON, 0, -1, 3, 150, NULL },
  { 1, "Продажа авиабилетов для субагента", 1200000, FIRST_SALE, 0, -1, 7, 180, NULL },
  { 2, "Продажа авиабилетов для субагента", 2500000, SIGNED, 0, -1, 12, 160, NULL },
  { 3, "Корпоративное обслуживание поездок", 650000, POOL, 0, -1, 14, 90, NULL },
  { 4, "Командировки сотрудников на 2020 год", 900000, CONTACT, 0, -1, 18, 120, NULL },
  { 5, "Групповые туры по России", 750000, LOST, ASSIGNED, -1, 21, 60, "Выбрали другого агента: ниже сервисный сбор" },
  /* The last twelve months */
  { 6, "Авиабилеты для командировок отдела продаж", 1850000, WON, 0, 11, 4, 60, NULL },
  { 7, "Выездной семинар в Казани на 40 человек", 2300000, LOST, CONTACT, 11, 16, 45, "Мероприятие отменено заказчиком" },
  { 8, "Ж/д билеты для вахтовых бригад", 3600000, WON, 0, 10, 2, 75, NULL },
  { 9, "Корпоративный тариф на перелёты", 1200000, FIRST_SALE, 0, 10, 19, 120, NULL },
  { 10, "Визовая поддержка для инженеров", 480000, LOST, POOL, 9, 8, 30, "Нет бюджета в этом году" },
  { 11, "Новогодний корпоратив в Сочи", 4200000, WON, 0, 9, 22, 60, NULL },
  { 12, "Обслуживание командировок 2026", 5600000, SIGNED, 0, 8, 5, 150, NULL },
  { 13, "Поездка дилеров на выставку в Шанхай", 3100000, LOST, SIGNED, 8, 13, 70, "Выбрали конкурента: «Аэроклуб»" },
  { 14, "Билеты на форум в Санкт-Петербурге", 870000, WON, 0, 7, 3, 40, NULL },
  { 15, "Трансферы и гостиницы для конференции", 1450000, CONTACT, 0, 7, 24, 90, NULL },
  { 16, "Туры для лучших сотрудников", 2650000, ASSIGNED, 0, 6, 9, 120, NULL },
  { 17, "Ж/д перевозки сотрудников филиалов", 1980000, FIRST_SALE, 0, 6, 17, 100, NULL },
  { 18, "Обучение персонала в Москве: проезд и проживание", 760000, LOST, ASSIGNED, 5, 6, 45, "Сделка отложена на следующий год" },
  { 19, "Авиабилеты для проектной команды", 1320000, SIGNED, 0, 5, 20, 80, NULL },
  { 20, "Выездная стратегическая сессия", 2900000, CONTACT, 0, 4, 11, 75, NULL },
  { 21, "Деловая поездка в Дубай", 1750000, WON, 0, 4, 27, 35, NULL },
  { 22, "Командировки монтажников по Сибири", 3400000, ASSIGNED, 0, 3, 2, 110, NULL },
  { 23, "Визы и страховки для делегации", 540000, POOL, 0, 3, 15, 60, NULL },
  { 24, "Перелёты на отраслевую выставку", 1150000, CONTACT, 0, 2, 8, 70, NULL },
  { 25, "Корпоративное обслуживание на 2027 год", 6200000, ASSIGNED, 0, 2, 19, 160, NULL },
  { 26, "Тимбилдинг на Байкале", 2450000, LOST, POOL, 2, 23, 50, "Не отвечает после первого звонка" },
  { 27, "Ж/д билеты для студентов-практикантов", 380000, POOL, 0, 1, 4, 45, NULL },
  { 28, "Поездки сервисных инженеров", 1600000, CONTACT, 0, 1, 12, 90, NULL },
  { 29, "Групповой тур для отдела продаж", 1900000, SIGNED, 0, 1, 21, 60, NULL },
  { 30, "Авиабилеты для совета директоров", 990000, POOL, 0, 0, 1, 40, NULL },
  { 31, "Командировки в Новосибирск и Томск", 1270000, ASSIGNED, 0, 0, 2, 75, NULL },
  { 32, "Инсентив-тур для дилеров", 3850000, POOL, 0, 0, 3, 120, NULL },
  { 33, "Проживание участников семинара", 640000, CONTACT, 0, 0, 1, 30, NULL },
  { 34, "Билеты на отраслевой конгресс", 450000, POOL, 0, 0, 2, 25, NULL },
  { 35, "Сопровождение зарубежных командировок", 2750000, ASSIGNED, 0, 0, 1, 90, NULL },
  { 1, "Расширение субагентского договора", 1500000, CONTACT, 0, 3, 9, 60, NULL },
  { 0, "Ж/д направление для «Звезды Азии»", 2200000, ASSIGNED, 0, 1, 6, 90, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (deals) == CRM_DEMO_N_DEALS);

static const char insert_deal_sql[] =
    "INSERT INTO rapport.deals (name, account_id, contact_id, stage_id, amount, expected_close, loss_reason,"
    " reached_position, owner_id)"
    " SELECT $1, $2::bigint,"
    "        (SELECT c.id FROM rapport.contacts c WHERE c.account_id = $2::bigint ORDER BY c.id LIMIT 1),"
    "        s.id, $4::bigint, $5::date + $6::integer, $7, $8::integer, $9::bigint"
    "   FROM rapport.pipeline_stages s"
    "  WHERE s.pipeline_id = rapport.default_pipeline() AND s.position = $3::integer"
    " RETURNING id";

/* The month it entered, and a won or lost deal's closing a little later
 * (never after today). */
static const char backdate_sql[] =
    "UPDATE rapport.deals SET created_at = $2::date + time '10:00',"
    " stage_changed_at = least($2::date + $3::integer, current_date) + time '16:00',"
    " closed_on = CASE WHEN closed_on IS NOT NULL THEN least($2::date + $3::integer, current_date) END"
    " WHERE id = $1::bigint";

static char *
entered_on (const CrmDemoDeal *d)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) month = NULL;

  if (d->months_ago < 0)
    return g_strdup_printf ("2020-02-%02u", d->day);

  month = g_date_time_add_months (now, -d->months_ago);
  /* This month's deals entered no later than today. */
  return g_strdup_printf ("%04d-%02d-%02u", g_date_time_get_year (month), g_date_time_get_month (month),
                          d->months_ago == 0 ? MIN (d->day, (guint) g_date_time_get_day_of_month (now)) : d->day);
}

gboolean
_crm_demo_insert_deals (PGconn      *conn,
                        const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                        const gint64 account_ids[],
                        GError     **error)
{
  g_autoptr (GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), G_N_ELEMENTS (deals));
  gint64 owns = 0;

  for (guint i = 0; i < G_N_ELEMENTS (deals); i++)
    {
      const CrmDemoDeal *d = &deals[i];
      g_autofree char   *account = _crm_demo_int64_to_text (account_ids[d->account]);
      g_autofree char   *stage = g_strdup_printf ("%u", d->stage);
      g_autofree char   *amount = _crm_demo_int64_to_text (d->roubles * 100);
      g_autofree char   *entered = entered_on (d);
      g_autofree char   *close_days = g_strdup_printf ("%d", d->close_days);
      g_autofree char   *reached = g_strdup_printf ("%u", d->reached);
      g_autofree char   *owner = _crm_demo_int64_to_text (employee_ids[_crm_demo_accounts[d->account].owner]);
      const char        *params[] = { d->name, account, stage, amount, entered, close_days, d->loss_reason,
                                      reached, owner };
      gint64             id = 0;

      if (!_crm_demo_query_int64 (conn, insert_deal_sql, G_N_ELEMENTS (params), params, &id, error))
        return FALSE;
      g_array_append_val (ids, id);
    }

  /* Only the table's owner may hold the stamp trigger back; anyone else
   * keeps today's dates. */
  if (!_crm_demo_query_int64 (conn,
                              "SELECT count(*) FROM pg_class c WHERE c.oid = 'rapport.deals'::regclass"
                              " AND pg_has_role(current_user, c.relowner, 'USAGE')",
                              0, NULL, &owns, error))
    return FALSE;
  if (owns == 0)
    return TRUE;

  if (!_crm_store_exec_command (conn, "ALTER TABLE rapport.deals DISABLE TRIGGER record_stamp, DISABLE TRIGGER record_log_u", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (deals); i++)
    {
      const CrmDemoDeal *d = &deals[i];
      g_autofree char   *id = _crm_demo_int64_to_text (g_array_index (ids, gint64, i));
      g_autofree char   *entered = entered_on (d);
      g_autofree char   *close_days = g_strdup_printf ("%d", d->close_days);
      const char        *params[] = { id, entered, close_days };
      g_autoptr (CrmDemoResult) res = _crm_store_exec (conn, backdate_sql, G_N_ELEMENTS (params), params, FALSE, error);

      if (res == NULL)
        return FALSE;
    }
  return _crm_store_exec_command (conn, "ALTER TABLE rapport.deals ENABLE TRIGGER record_stamp, ENABLE TRIGGER record_log_u", error);
}
