/* crm-demo.c — demo data and synthetic data sets
 *
 * The demo data: the counterparties and people of the seed documents
 * (a travel agency's SuiteCRM: «Звезда Азии», «Поехали», «Дорога к Морю»,
 * «В Пути!», «Реал сервис», «Агентство поездок»…) followed by invented but
 * realistic Russian companies. Every value is written the way the model's
 * validators store it: phones in E.164 ("+79163258798", extensions as
 * ";ext=12"), e-mail domains in lower case, INN/KPP/OGRN with valid check
 * digits, settlement accounts with a valid control key for their BIK.
 *
 * The synthetic generator draws from word lists with a GRand seeded with
 * CRM_DEMO_SEED and writes with COPY.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-demo.h"
#include "crm-requisites.h"
#include "crm-store-private.h"

/* PGresult under a name of our own, so that a cleanup function defined
 * for PGresult elsewhere never collides with this one. */
typedef PGresult CrmDemoResult;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmDemoResult, PQclear)

/* ---- The demo data ------------------------------------------------------ */

typedef enum
{
  BANK_SBER,
  BANK_ALFA,
  BANK_VTB,
  BANK_PSB,
  BANK_TINK,
  BANK_SBER_SPB,
  BANK_SBER_KZN,
  BANK_SBER_NSK,
  BANK_SBER_EKB,
  BANK_SBER_NN,
  BANK_SBER_SMR,
  BANK_SBER_KRD,
  BANK_SBER_DV,
  BANK_SBER_ROS,
  N_BANKS
} DemoBankId;

/* The first BANK_N_FEDERAL banks serve every city. */
#define BANK_N_FEDERAL (BANK_TINK + 1)

typedef struct
{
  const char *name;
  const char *bik;
  const char *corr_account;
} DemoBank;

/* clang-format off */
static const DemoBank demo_banks[N_BANKS] = {
  [BANK_SBER] = { "ПАО Сбербанк", "044525225", "30101810400000000225" },
  [BANK_ALFA] = { "АО «Альфа-Банк»", "044525593", "30101810200000000593" },
  [BANK_VTB] = { "Банк ВТБ (ПАО)", "044525187", "30101810700000000187" },
  [BANK_PSB] = { "ПАО «Промсвязьбанк»", "044525555", "30101810400000000555" },
  [BANK_TINK] = { "АО «Тинькофф Банк»", "044525974", "30101810145250000974" },
  [BANK_SBER_SPB] = { "Северо-Западный банк ПАО Сбербанк", "044030653", "30101810500000000653" },
  [BANK_SBER_KZN] = { "Отделение «Банк Татарстан» № 8610 ПАО Сбербанк", "049205603", "30101810600000000603" },
  [BANK_SBER_NSK] = { "Сибирский банк ПАО Сбербанк", "045004641", "30101810500000000641" },
  [BANK_SBER_EKB] = { "Уральский банк ПАО Сбербанк", "046577674", "30101810500000000674" },
  [BANK_SBER_NN] = { "Волго-Вятский банк ПАО Сбербанк", "042202603", "30101810900000000603" },
  [BANK_SBER_SMR] = { "Поволжский банк ПАО Сбербанк", "043601607", "30101810200000000607" },
  [BANK_SBER_KRD] = { "Краснодарское отделение № 8619 ПАО Сбербанк", "040349602", "30101810100000000602" },
  [BANK_SBER_DV] = { "Дальневосточный банк ПАО Сбербанк", "040813608", "30101810600000000608" },
  [BANK_SBER_ROS] = { "Юго-Западный банк ПАО Сбербанк", "046015602", "30101810600000000602" },
};
/* clang-format on */

typedef enum
{
  EMP_KOTOVA,
  EMP_BELOV,
  EMP_SMIRNOVA,
  EMP_GUSEV,
  EMP_LEBEDEVA,
  EMP_ORLOV,
  N_EMPLOYEES
} DemoEmployeeId;

typedef struct
{
  const char *full_name;
  const char *position;
  const char *phone;
  const char *email;
} DemoEmployee;

/* Our own company's people (no login role: they are records only). */
/* clang-format off */
static const DemoEmployee demo_employees[N_EMPLOYEES] = {
  [EMP_KOTOVA] = { "Анна Сергеевна Котова", "Менеджер поддержки",
                   "+74952258100;ext=101", "a.kotova@moyaorg.ru" },
  [EMP_BELOV] = { "Дмитрий Андреевич Белов", "Руководитель отдела продаж",
                  "+74952258100;ext=110", "d.belov@moyaorg.ru" },
  [EMP_SMIRNOVA] = { "Ольга Викторовна Смирнова", "Менеджер по продажам",
                     "+74952258100;ext=111", "o.smirnova@moyaorg.ru" },
  [EMP_GUSEV] = { "Павел Игоревич Гусев", "Менеджер по продажам",
                  "+74952258100;ext=112", "p.gusev@moyaorg.ru" },
  [EMP_LEBEDEVA] = { "Марина Олеговна Лебедева", "Специалист службы поддержки",
                     "+74952258100;ext=102", "m.lebedeva@moyaorg.ru" },
  [EMP_ORLOV] = { "Константин Николаевич Орлов", "Главный бухгалтер",
                  "+74952258100;ext=120", "k.orlov@moyaorg.ru" },
};
/* clang-format on */

typedef struct
{
  const char    *code;
  const char    *name;
  const char    *full_name;
  const char    *inn;
  const char    *kpp;
  const char    *ogrn;
  const char    *size_group;
  const char    *account_type;
  const char    *status;
  const char    *region;
  const char    *industry;
  const char    *city;
  const char    *director;
  const char    *accountant;
  const char    *legal_address;
  const char    *actual_address; /* NULL: the legal address */
  const char    *phone;
  const char    *phone2;
  const char    *email;
  const char    *email2;
  const char    *website;
  DemoBankId     bank;
  const char    *bank_account;
  const char    *competitors;
  const char    *comments;
  gboolean       confirmed;
  DemoEmployeeId owner;
} DemoAccount;

/* Statuses are configurable text (R1): партнёр, «горячий клиент»,
 * заинтересован, постоянный клиент, не интересен. The seed companies come
 * first, in the order of the seed's lists; codes 1878, 1879 and 1881 are
 * their ids in the seed's report. */
/* clang-format off */
static const DemoAccount demo_accounts[] = {
  {
    /* The seed's ИНН 0057895147 fails the checksum and region 00 does not
     * exist: a Горно-Алтайск (0411) number instead. */
    .code = "1878", .name = "Звезда Азии", .full_name = "ООО «Звезда Азии»",
    .inn = "0411057892", .kpp = "041101001", .ogrn = "1090411434453",
    .size_group = "large", .account_type = "subagent", .status = "партнёр",
    .region = "Республика Алтай", .industry = "Туризм", .city = "Горно-Алтайск",
    .director = "Редькин Игнат", .accountant = "Тырышкина Айана Эдуардовна",
    .legal_address = "649000, Республика Алтай, г. Горно-Алтайск, пр-т Коммунистический, д. 61, оф. 12",
    .phone = "+71234667898", .phone2 = "+73882221455",
    .email = "redkin@asiastar.com", .email2 = "buh@asiastar.com", .website = "https://asiastar.com",
    .bank = BANK_SBER_NSK, .bank_account = "40702810822250919908",
    .competitors = "Сибирский Экспресс",
    .comments = "Договор № 100 / S на продажу авиабилетов подписан 22.08.2020, тарифный "
                "план «Стандартный». Встреча «Обсуждение новых условий» 25.09.2020 в "
                "14:30.",
    .confirmed = TRUE, .owner = EMP_KOTOVA,
  },
  {
    /* The seed's ИНН 5469898465 fails the checksum: same digits, check digit computed. */
    .code = "1879", .name = "Поехали", .full_name = "ООО «Поехали»",
    .inn = "5469898468", .kpp = "546901001", .ogrn = "1155469527509",
    .size_group = "medium", .account_type = "subagent", .status = "постоянный клиент",
    .region = "Московская область", .industry = "Туризм", .city = "Подольск",
    .director = "Карпов Андрей Михайлович", .accountant = "Карпова Елена Юрьевна",
    .legal_address = "142100, Московская область, г. Подольск, ул. Кирова, д. 14, пом. 3",
    .phone = "+79163258798", .phone2 = "+74967631020",
    .email = "info@go.ru", .website = "https://go.ru",
    .bank = BANK_SBER, .bank_account = "40702810708090709584",
    .comments = "Договор № 117 / S подписан 24.08.2020, тарифный план «Новичок». "
                "Обращение № 5 «Вопросы заведения клиента» назначено.",
    .confirmed = TRUE, .owner = EMP_KOTOVA,
  },
  {
    /* The seed's ИНН 8578963247 fails the checksum and region 85 no longer
     * exists: a Moscow (7708) number instead. */
    .code = "1881", .name = "Дорога к Морю", .full_name = "ООО «Дорога к Морю»",
    .inn = "7708578962", .kpp = "770801001", .ogrn = "1187708104946",
    .size_group = "small", .account_type = "subagent", .status = "заинтересован",
    .region = "г. Москва", .industry = "Туризм", .city = "Москва",
    .director = "Морозова Светлана Игоревна", .accountant = "Морозова Светлана Игоревна",
    .legal_address = "115093, г. Москва, ул. Люсиновская, д. 36, стр. 1, оф. 204",
    .phone = "+79251255885", .email = "call@tothesea.com", .website = "https://tothesea.com",
    .bank = BANK_TINK, .bank_account = "40702810877541790244",
    .comments = "Договор № 125 / S на продажу авиабилетов готовится к отправке (дата "
                "начала 28.07.2020), тарифный план «Профи». Обращение № 7 «Вопрос VOID» "
                "ждёт решения.",
    .confirmed = FALSE, .owner = EMP_KOTOVA,
  },
  {
    .code = "1880", .name = "В Пути!", .full_name = "ООО «В Пути!»",
    .inn = "5009123454", .kpp = "500901001", .ogrn = "1195009133373",
    .size_group = "small", .account_type = "client", .status = "«горячий клиент»",
    .region = "Московская область", .industry = "Туризм", .city = "Домодедово",
    .director = "Мировой Владимир", .accountant = "Ковалёва Ирина Петровна",
    .legal_address = "142000, Московская область, г. Домодедово, мкр Северный, ул. Советская, д. 50, оф. 7",
    .phone = "+74967921455", .email = "info@vput.org", .website = "https://vput.org",
    .bank = BANK_ALFA, .bank_account = "40702810279880033272",
    .comments = "Новый клиент: пришёл с выставки «Интурмаркет».",
    .confirmed = FALSE, .owner = EMP_GUSEV,
  },
  {
    .code = "1882", .name = "Реал сервис", .full_name = "ООО «Реал сервис»",
    .inn = "7717845124", .kpp = "771701001", .ogrn = "1127717086023",
    .size_group = "medium", .account_type = "client", .status = "заинтересован",
    .region = "г. Москва", .industry = "Деловой туризм", .city = "Москва",
    .director = "Громыхайло Игорь Викторович", .accountant = "Белоусова Наталья Андреевна",
    .legal_address = "129226, г. Москва, пр-т Мира, д. 184, к. 2, оф. 31",
    .actual_address = "129085, г. Москва, ул. Годовикова, д. 9, стр. 17",
    .phone = "+74959871244", .phone2 = "+74959871245;ext=12", .email = "info@realservice.ru",
    .website = "https://realservice.ru", .bank = BANK_VTB, .bank_account = "40702810073626625940",
    .competitors = "АвиаТурСервис, Глобус Трэвел",
    .comments = "Корпоративное обслуживание командировок, около 40 поездок в месяц.",
    .confirmed = TRUE, .owner = EMP_SMIRNOVA,
  },
  {
    .code = "1883", .name = "Агентство поездок", .full_name = "ООО «Агентство поездок»",
    .inn = "7813654203", .kpp = "781301001", .ogrn = "1147813291405",
    .size_group = "small", .account_type = "subagent", .status = "заинтересован",
    .region = "г. Санкт-Петербург", .industry = "Туризм", .city = "Санкт-Петербург",
    .director = "Струнин Алексей Борисович", .accountant = "Струнина Надежда",
    .legal_address = "197046, г. Санкт-Петербург, ул. Большая Посадская, д. 12, лит. А, оф. 5",
    .phone = "+78123346712", .email = "info@poezdka.ru", .email2 = "nadegda@poezdka.ru",
    .website = "https://poezdka.ru", .bank = BANK_SBER_SPB, .bank_account = "40702810009750977240",
    .confirmed = FALSE, .owner = EMP_BELOV,
  },
  {
    .code = "1877", .name = "Тикет Ми", .full_name = "ООО «Тикет Ми»",
    .inn = "7736215784", .kpp = "773601001", .ogrn = "1167736578382",
    .size_group = "small", .account_type = "client", .status = "постоянный клиент",
    .region = "г. Москва", .industry = "Продажа билетов", .city = "Москва",
    .director = "Ланской Олег Вадимович", .accountant = "Ланская Инна Сергеевна",
    .legal_address = "119334, г. Москва, Ленинский пр-т, д. 38А, оф. 410", .phone = "+74996431208",
    .email = "support@ticketme.ru", .website = "https://ticketme.ru",
    .bank = BANK_ALFA, .bank_account = "40702810011385970331",
    .comments = "Обращение № 1 «Добро пожаловать в модуль обращения» закрыто: обучение проведено.",
    .confirmed = TRUE, .owner = EMP_LEBEDEVA,
  },
  {
    .code = "1876", .name = "ЖД Магнат", .full_name = "АО «ЖД Магнат»",
    .inn = "7708412396", .kpp = "770801001", .ogrn = "1057708325443",
    .size_group = "large", .account_type = "supplier", .status = "партнёр",
    .region = "г. Москва", .industry = "Железнодорожные перевозки", .city = "Москва",
    .director = "Шубин Виктор Геннадьевич", .accountant = "Голованова Людмила Ивановна",
    .legal_address = "107140, г. Москва, ул. Краснопрудная, д. 22, стр. 3",
    .phone = "+74952680300", .phone2 = "+74952680301;ext=210",
    .email = "partners@zdmagnat.ru", .email2 = "buh@zdmagnat.ru", .website = "https://zdmagnat.ru",
    .bank = BANK_PSB, .bank_account = "40702810974404053465",
    .comments = "Коммерческие условия КУ_XML_ЖД_продажа и КУ_XML_ЖД_возврат: 1 руб. 60 коп. за транзакцию.",
    .confirmed = TRUE, .owner = EMP_BELOV,
  },
  {
    .code = "1884", .name = "Волга-Тур", .full_name = "ООО «Волга-Тур»",
    .inn = "6315247813", .kpp = "631501001", .ogrn = "1116315566421",
    .size_group = "medium", .account_type = "subagent", .status = "постоянный клиент",
    .region = "Самарская область", .industry = "Туризм", .city = "Самара",
    .director = "Жуков Роман Алексеевич", .accountant = "Никитина Оксана Валерьевна",
    .legal_address = "443010, г. Самара, ул. Куйбышева, д. 92, оф. 15", .phone = "+78462701530",
    .email = "info@volga-tour.ru", .website = "https://volga-tour.ru",
    .bank = BANK_SBER_SMR, .bank_account = "40702810816313507023",
    .comments = "Речные круизы по Волге, групповые туры.",
    .confirmed = TRUE, .owner = EMP_GUSEV,
  },
  {
    .code = "1885", .name = "Северная Пальмира Трэвел",
    .full_name = "ООО «Северная Пальмира Трэвел»",
    .inn = "7840213670", .kpp = "784001001", .ogrn = "1087840302604",
    .size_group = "large", .account_type = "subagent", .status = "партнёр",
    .region = "г. Санкт-Петербург", .industry = "Туризм", .city = "Санкт-Петербург",
    .director = "Вересаев Глеб Аркадьевич", .accountant = "Полякова Ксения Дмитриевна",
    .legal_address = "191186, г. Санкт-Петербург, наб. реки Мойки, д. 42, лит. Б, пом. 3-Н",
    .phone = "+78123127744", .phone2 = "+78123127745;ext=101",
    .email = "office@spb-travel.ru", .email2 = "booking@spb-travel.ru",
    .website = "https://spb-travel.ru",
    .bank = BANK_SBER_SPB, .bank_account = "40702810989607863608",
    .competitors = "Агентство поездок", .confirmed = TRUE, .owner = EMP_BELOV,
  },
  {
    .code = "1886", .name = "Казань Тур Сервис", .full_name = "ООО «Казань Тур Сервис»",
    .inn = "1655874121", .kpp = "165501001", .ogrn = "1131655774140",
    .size_group = "medium", .account_type = "client", .status = "«горячий клиент»",
    .region = "Республика Татарстан", .industry = "Туризм", .city = "Казань",
    .director = "Хабибуллин Ринат Ильдарович", .accountant = "Закирова Гульнара Рашитовна",
    .legal_address = "420111, г. Казань, ул. Баумана, д. 44/8, оф. 21", .phone = "+78432925511",
    .email = "info@kazantour.ru", .website = "https://kazantour.ru",
    .bank = BANK_SBER_KZN, .bank_account = "40702810309365346217",
    .comments = "Запросили коммерческое предложение на обслуживание делегаций.",
    .confirmed = FALSE, .owner = EMP_SMIRNOVA,
  },
  {
    .code = "1887", .name = "Сибирский Экспресс", .full_name = "ООО «Сибирский Экспресс»",
    .inn = "5406321580", .kpp = "540601001", .ogrn = "1105406766420",
    .size_group = "medium", .account_type = "subagent", .status = "заинтересован",
    .region = "Новосибирская область", .industry = "Туризм", .city = "Новосибирск",
    .director = "Гаврилов Степан Юрьевич", .accountant = "Гаврилова Анастасия Олеговна",
    .legal_address = "630099, г. Новосибирск, ул. Советская, д. 18, оф. 305",
    .phone = "+73832187730", .email = "sales@sibexpress.ru", .website = "https://sibexpress.ru",
    .bank = BANK_SBER_NSK, .bank_account = "40702810555054488821",
    .confirmed = FALSE, .owner = EMP_GUSEV,
  },
  {
    .code = "1888", .name = "Уральские самоцветы",
    .full_name = "ООО «Туристическая компания „Уральские самоцветы“»",
    .inn = "6658741200", .kpp = "665801001", .ogrn = "1176658074999",
    .size_group = "small", .account_type = "client", .status = "не интересен",
    .region = "Свердловская область", .industry = "Туризм", .city = "Екатеринбург",
    .director = "Бажова Вера Павловна", .accountant = "Бажова Вера Павловна",
    .legal_address = "620014, г. Екатеринбург, ул. Малышева, д. 31Д, оф. 7",
    .phone = "+73433715620", .email = "info@ural-gems.ru", .website = "https://ural-gems.ru",
    .bank = BANK_SBER_EKB, .bank_account = "40702810935257754828",
    .comments = "Работают напрямую с туроператорами, посредники не нужны.",
    .confirmed = FALSE, .owner = EMP_SMIRNOVA,
  },
  {
    .code = "1889", .name = "Нижегородский вояж", .full_name = "ООО «Нижегородский вояж»",
    .inn = "5260147854", .kpp = "526001001", .ogrn = "1155260071053",
    .size_group = "small", .account_type = "subagent", .status = "заинтересован",
    .region = "Нижегородская область", .industry = "Туризм", .city = "Нижний Новгород",
    .director = "Рябинин Денис Андреевич", .accountant = "Рябинина Ольга Сергеевна",
    .legal_address = "603005, г. Нижний Новгород, ул. Большая Покровская, д. 60, оф. 12",
    .phone = "+78314137789", .email = "mail@nn-voyage.ru", .website = "https://nn-voyage.ru",
    .bank = BANK_SBER_NN, .bank_account = "40702810440226687149",
    .confirmed = FALSE, .owner = EMP_GUSEV,
  },
  {
    .code = "1890", .name = "Кубань-Курорт", .full_name = "ООО «Кубань-Курорт»",
    .inn = "2310456982", .kpp = "231001001", .ogrn = "1072310559375",
    .size_group = "medium", .account_type = "partner", .status = "партнёр",
    .region = "Краснодарский край", .industry = "Санаторно-курортные услуги", .city = "Краснодар",
    .director = "Ткаченко Николай Степанович", .accountant = "Ткаченко Лариса Викторовна",
    .legal_address = "350000, г. Краснодар, ул. Красная, д. 122, оф. 40", .phone = "+78612594410",
    .email = "info@kuban-kurort.ru", .website = "https://kuban-kurort.ru",
    .bank = BANK_SBER_KRD, .bank_account = "40702810374634014884",
    .comments = "Квоты в санаториях Анапы и Геленджика на сезон.",
    .confirmed = TRUE, .owner = EMP_BELOV,
  },
  {
    .code = "1891", .name = "Тихоокеанский берег", .full_name = "ООО «Тихоокеанский берег»",
    .inn = "2540314767", .kpp = "254001001", .ogrn = "1182540164399",
    .size_group = "small", .account_type = "subagent", .status = "«горячий клиент»",
    .region = "Приморский край", .industry = "Туризм", .city = "Владивосток",
    .director = "Ким Александр Вячеславович", .accountant = "Ким Юлия Сергеевна",
    .legal_address = "690091, г. Владивосток, ул. Светланская, д. 29, оф. 18",
    .phone = "+74232401166", .email = "travel@pacificshore.ru",
    .website = "https://pacificshore.ru",
    .bank = BANK_SBER_DV, .bank_account = "40702810242106761304",
    .comments = "Туры в Южную Корею и Японию; ждут условия по чартерам.",
    .confirmed = FALSE, .owner = EMP_SMIRNOVA,
  },
  {
    .code = "1892", .name = "Авиалинии Приволжья", .full_name = "АО «Авиалинии Приволжья»",
    .inn = "6312478509", .kpp = "631201001", .ogrn = "1036312744346",
    .size_group = "large", .account_type = "supplier", .status = "партнёр",
    .region = "Самарская область", .industry = "Авиаперевозки", .city = "Самара",
    .director = "Соколов Аркадий Львович", .accountant = "Воронцова Галина Петровна",
    .legal_address = "443901, г. Самара, аэропорт Курумоч, здание 1",
    .phone = "+78469963000", .phone2 = "+78469963001;ext=400", .email = "agency@privolzhye-air.ru",
    .website = "https://privolzhye-air.ru",
    .bank = BANK_VTB, .bank_account = "40702810594699549231",
    .comments = "Агентское соглашение на продажу перевозок, сбор 0,5 % от тарифа.",
    .confirmed = TRUE, .owner = EMP_BELOV,
  },
  {
    .code = "1893", .name = "Волжские зори", .full_name = "ООО «Гостиница „Волжские зори“»",
    .inn = "5257412365", .kpp = "525701001", .ogrn = "1065257246889",
    .size_group = "medium", .account_type = "supplier", .status = "партнёр",
    .region = "Нижегородская область", .industry = "Гостиничный бизнес", .city = "Нижний Новгород",
    .director = "Елисеев Максим Борисович", .accountant = "Осипова Татьяна Николаевна",
    .legal_address = "603001, г. Нижний Новгород, Нижне-Волжская наб., д. 9",
    .phone = "+78312330505", .email = "booking@volga-zori.ru", .website = "https://volga-zori.ru",
    .bank = BANK_SBER_NN, .bank_account = "40702810178752032226",
    .confirmed = TRUE, .owner = EMP_LEBEDEVA,
  },
  {
    .code = "1894", .name = "Невский берег", .full_name = "ООО «Отель „Невский берег“»",
    .inn = "7842147631", .kpp = "784201001", .ogrn = "1127842758680",
    .size_group = "medium", .account_type = "supplier", .status = "партнёр",
    .region = "г. Санкт-Петербург", .industry = "Гостиничный бизнес", .city = "Санкт-Петербург",
    .director = "Александрова Маргарита Юрьевна", .accountant = "Фомина Вероника Андреевна",
    .legal_address = "191015, г. Санкт-Петербург, Невский пр-т, д. 147, лит. А",
    .phone = "+78127176060",
    .email = "sales@nevsky-bereg.ru", .email2 = "reservation@nevsky-bereg.ru",
    .website = "https://nevsky-bereg.ru",
    .bank = BANK_SBER_SPB, .bank_account = "40702810229513916231",
    .comments = "Корпоративный тариф для агентств: −15 % от стойки.",
    .confirmed = TRUE, .owner = EMP_LEBEDEVA,
  },
  {
    .code = "1895", .name = "АвиаТурСервис", .full_name = "ООО «АвиаТурСервис»",
    .inn = "7714025878", .kpp = "771401001", .ogrn = "1047714498105",
    .size_group = "large", .account_type = "competitor", .status = "не интересен",
    .region = "г. Москва", .industry = "Туризм", .city = "Москва",
    .director = "Дьяконов Игорь Семёнович", .accountant = "Лапина Елена Михайловна",
    .legal_address = "125167, г. Москва, Ленинградский пр-т, д. 37, к. 9", .phone = "+74957753300",
    .email = "info@aviatourservice.ru", .website = "https://aviatourservice.ru",
    .bank = BANK_SBER, .bank_account = "40702810574432905170",
    .comments = "Главный конкурент в Москве: собственная сеть касс, демпинг по сервисным сборам.",
    .confirmed = FALSE, .owner = EMP_BELOV,
  },
  {
    .code = "1896", .name = "Глобус Трэвел", .full_name = "ООО «Глобус Трэвел»",
    .inn = "6671023455", .kpp = "667101001", .ogrn = "1096671943378",
    .size_group = "large", .account_type = "competitor", .status = "не интересен",
    .region = "Свердловская область", .industry = "Туризм", .city = "Екатеринбург",
    .director = "Зимин Валерий Олегович", .accountant = "Зимина Алла Викторовна",
    .legal_address = "620075, г. Екатеринбург, ул. Ленина, д. 50, оф. 601", .phone = "+73432289900",
    .email = "office@globus-travel.ru", .website = "https://globus-travel.ru",
    .bank = BANK_SBER_EKB, .bank_account = "40702810278579087927",
    .comments = "Сильны на Урале и в Сибири, активно переманивают субагентов.",
    .confirmed = FALSE, .owner = EMP_BELOV,
  },
  {
    .code = "1897", .name = "Трансфер-Профи", .full_name = "ООО «Трансфер-Профи»",
    .inn = "7743521694", .kpp = "774301001", .ogrn = "1207743088123",
    .size_group = "small", .account_type = "supplier", .status = "партнёр",
    .region = "г. Москва", .industry = "Транспортные услуги", .city = "Москва",
    .director = "Сафонов Евгений Романович", .accountant = "Сафонова Дарья Игоревна",
    .legal_address = "119571, г. Москва, пр-т Вернадского, д. 92, оф. 14", .phone = "+74951504422",
    .email = "order@transfer-profi.ru", .website = "https://transfer-profi.ru",
    .bank = BANK_TINK, .bank_account = "40702810029428429745",
    .comments = "Трансферы из аэропортов Шереметьево, Домодедово, Внуково.",
    .confirmed = TRUE, .owner = EMP_LEBEDEVA,
  },
  {
    .code = "1898", .name = "Виза-Лайн", .full_name = "ООО «Визовый центр „Виза-Лайн“»",
    .inn = "7703625489", .kpp = "770301001", .ogrn = "1117703660667",
    .size_group = "small", .account_type = "partner", .status = "партнёр",
    .region = "г. Москва", .industry = "Визовая поддержка", .city = "Москва",
    .director = "Горина Алина Маратовна", .accountant = "Горин Марат Рустамович",
    .legal_address = "101000, г. Москва, ул. Мясницкая, д. 24/7, стр. 1", .phone = "+74956261919",
    .email = "visa@visa-line.ru", .website = "https://visa-line.ru",
    .bank = BANK_ALFA, .bank_account = "40702810976936739668",
    .confirmed = TRUE, .owner = EMP_KOTOVA,
  },
  {
    .code = "1899", .name = "Надёжный полис",
    .full_name = "АО «Страховая компания „Надёжный полис“»",
    .inn = "7705412870", .kpp = "770501001", .ogrn = "1027705570452",
    .size_group = "large", .account_type = "partner", .status = "партнёр",
    .region = "г. Москва", .industry = "Страхование", .city = "Москва",
    .director = "Рыбаков Антон Павлович", .accountant = "Кудрявцева Ирина Олеговна",
    .legal_address = "115035, г. Москва, ул. Садовническая, д. 71, стр. 2", .phone = "+74957301155",
    .email = "partners@nadpolis.ru", .website = "https://nadpolis.ru",
    .bank = BANK_VTB, .bank_account = "40702810247287845144",
    .comments = "Страхование выезжающих за рубеж, агентское вознаграждение 30 %.",
    .confirmed = TRUE, .owner = EMP_BELOV,
  },
  {
    .code = "1900", .name = "Байкал-Тур", .full_name = "ООО «Байкал-Тур»",
    .inn = "3808512365", .kpp = "380801001", .ogrn = "1163808620271",
    .size_group = "small", .account_type = "subagent", .status = "заинтересован",
    .region = "Иркутская область", .industry = "Туризм", .city = "Иркутск",
    .director = "Бурлаков Сергей Иннокентьевич", .accountant = "Бурлакова Светлана Ивановна",
    .legal_address = "664003, г. Иркутск, ул. Карла Маркса, д. 13, оф. 9", .phone = "+73952208877",
    .email = "info@baikal-tour.ru", .website = "https://baikal-tour.ru",
    .bank = BANK_SBER_NSK, .bank_account = "40702810850191052336",
    .confirmed = FALSE, .owner = EMP_GUSEV,
  },
  {
    .code = "1901", .name = "Ростов-Вояж", .full_name = "ООО «Ростов-Вояж»",
    .inn = "6164215782", .kpp = "616401001", .ogrn = "1106164402915",
    .size_group = "medium", .account_type = "subagent", .status = "постоянный клиент",
    .region = "Ростовская область", .industry = "Туризм", .city = "Ростов-на-Дону",
    .director = "Левченко Артур Владимирович", .accountant = "Левченко Инна Андреевна",
    .legal_address = "344002, г. Ростов-на-Дону, ул. Большая Садовая, д. 47, оф. 208",
    .phone = "+78632403355", .email = "info@rostov-voyage.ru",
    .website = "https://rostov-voyage.ru",
    .bank = BANK_SBER_ROS, .bank_account = "40702810696261372826",
    .confirmed = TRUE, .owner = EMP_SMIRNOVA,
  },
  {
    .code = "1902", .name = "Уфа-Тур", .full_name = "ООО «Уфа-Тур»",
    .inn = "0274123580", .kpp = "027401001", .ogrn = "1140274329942",
    .size_group = "small", .account_type = "client", .status = "не интересен",
    .region = "Республика Башкортостан", .industry = "Туризм", .city = "Уфа",
    .director = "Галиев Айдар Рустемович", .accountant = "Галиева Эльвира Фаритовна",
    .legal_address = "450077, г. Уфа, ул. Ленина, д. 28, оф. 4", .phone = "+73472724411",
    .email = "info@ufa-tour.ru", .website = "https://ufa-tour.ru",
    .bank = BANK_SBER_SMR, .bank_account = "40702810878660975935",
    .comments = "Отказались: перешли к «Глобус Трэвел».",
    .confirmed = FALSE, .owner = EMP_GUSEV,
  },
  {
    .code = "1903", .name = "Камская волна", .full_name = "ООО «Камская волна»",
    .inn = "5902147360", .kpp = "590201001", .ogrn = "1195902403542",
    .size_group = "small", .account_type = "subagent", .status = "заинтересован",
    .region = "Пермский край", .industry = "Туризм", .city = "Пермь",
    .director = "Щукин Илья Борисович", .accountant = "Щукина Полина Ильинична",
    .legal_address = "614000, г. Пермь, ул. Ленина, д. 58, оф. 22", .phone = "+73422105544",
    .email = "hello@kama-wave.ru", .website = "https://kama-wave.ru",
    .bank = BANK_SBER_EKB, .bank_account = "40702810067680211233",
    .confirmed = FALSE, .owner = EMP_SMIRNOVA,
  },
  {
    .code = "1904", .name = "Черноморская ривьера", .full_name = "ООО «Черноморская ривьера»",
    .inn = "2320147856", .kpp = "232001001", .ogrn = "1082320460200",
    .size_group = "medium", .account_type = "supplier", .status = "партнёр",
    .region = "Краснодарский край", .industry = "Гостиничный бизнес", .city = "Сочи",
    .director = "Мкртчян Армен Суренович", .accountant = "Аветисян Карина Ашотовна",
    .legal_address = "354000, Краснодарский край, г. Сочи, Курортный пр-т, д. 75",
    .phone = "+78622647700", .email = "sales@riviera-sochi.ru",
    .website = "https://riviera-sochi.ru",
    .bank = BANK_SBER_KRD, .bank_account = "40702810564262485792",
    .comments = "Раннее бронирование на лето до 1 марта со скидкой 10 %.",
    .confirmed = TRUE, .owner = EMP_LEBEDEVA,
  },
  {
    .code = "1905", .name = "Янтарный берег", .full_name = "ООО «Янтарный берег»",
    .inn = "3906321471", .kpp = "390601001", .ogrn = "1173906387401",
    .size_group = "small", .account_type = "subagent", .status = "«горячий клиент»",
    .region = "Калининградская область", .industry = "Туризм", .city = "Калининград",
    .director = "Балтийский Кирилл Андреевич", .accountant = "Соловьёва Алла Семёновна",
    .legal_address = "236022, г. Калининград, ул. Кирова, д. 7, оф. 3", .phone = "+74012991207",
    .email = "info@amber-coast.ru", .website = "https://amber-coast.ru",
    .bank = BANK_SBER_SPB, .bank_account = "40702810114199297230",
    .confirmed = FALSE, .owner = EMP_GUSEV,
  },
  {
    .code = "1906", .name = "ИП Ёлкина А. В.",
    .full_name = "Индивидуальный предприниматель Ёлкина Алёна Викторовна",
    .inn = "760410258748", .kpp = NULL, .ogrn = "321766045378008",
    .size_group = "small", .account_type = "subagent", .status = "заинтересован",
    .region = "Ярославская область", .industry = "Туризм", .city = "Ярославль",
    .director = "Ёлкина Алёна Викторовна", .accountant = NULL,
    .legal_address = "150000, г. Ярославль, ул. Свободы, д. 9, кв. 14",
    .actual_address = "150000, г. Ярославль, ул. Кирова, д. 5, оф. 2", .phone = "+74852730418",
    .email = "alena@elkina-travel.ru", .website = "https://elkina-travel.ru",
    .bank = BANK_TINK, .bank_account = "40802810324270660328",
    .comments = "Индивидуальный предприниматель: КПП нет, ОГРНИП из 15 цифр.",
    .confirmed = FALSE, .owner = EMP_SMIRNOVA,
  },
  {
    .code = "1907", .name = "СтройИнвестГрупп", .full_name = "ООО «СтройИнвестГрупп»",
    .inn = "7725410367", .kpp = "772501001", .ogrn = "1067725458338",
    .size_group = "large", .account_type = "client", .status = "«горячий клиент»",
    .region = "г. Москва", .industry = "Строительство", .city = "Москва",
    .director = "Ефремов Станислав Игоревич", .accountant = "Третьякова Елена Викторовна",
    .legal_address = "115280, г. Москва, ул. Ленинская Слобода, д. 19, оф. 1210",
    .phone = "+74956647100", .phone2 = "+74956647101;ext=315", .email = "office@stroyinvest.ru",
    .website = "https://stroyinvest.ru", .bank = BANK_SBER, .bank_account = "40702810758934655362",
    .competitors = "АвиаТурСервис",
    .comments = "Командировки на объекты: Сургут, Тюмень, Новый Уренгой; нужен личный менеджер.",
    .confirmed = TRUE, .owner = EMP_SMIRNOVA,
  },
  {
    .code = "1908", .name = "ТехноПром-Урал", .full_name = "АО «ТехноПром-Урал»",
    .inn = "7448621500", .kpp = "744801001", .ogrn = "1057448061384",
    .size_group = "large", .account_type = "client", .status = "постоянный клиент",
    .region = "Челябинская область", .industry = "Машиностроение", .city = "Челябинск",
    .director = "Ширяев Борис Константинович", .accountant = "Малахова Нина Григорьевна",
    .legal_address = "454080, г. Челябинск, пр-т Ленина, д. 83, оф. 510", .phone = "+73512649030",
    .email = "travel@technoprom-ural.ru", .website = "https://technoprom-ural.ru",
    .bank = BANK_PSB, .bank_account = "40702810795326153716", .confirmed = TRUE, .owner = EMP_GUSEV,
  },
  {
    .code = "1909", .name = "МедФарм Логистик", .full_name = "ООО «МедФарм Логистик»",
    .inn = "3663214789", .kpp = "366301001", .ogrn = "1133663111735",
    .size_group = "medium", .account_type = "client", .status = "заинтересован",
    .region = "Воронежская область", .industry = "Фармацевтика", .city = "Воронеж",
    .director = "Черкасов Вадим Юрьевич", .accountant = "Черкасова Мария Львовна",
    .legal_address = "394036, г. Воронеж, ул. Карла Маркса, д. 67, оф. 3", .phone = "+74732069911",
    .email = "info@medfarm-log.ru", .website = "https://medfarm-log.ru",
    .bank = BANK_SBER, .bank_account = "40702810377298250910",
    .comments = "Выездные конференции для медицинских представителей, 2–3 раза в год.",
    .confirmed = FALSE, .owner = EMP_SMIRNOVA,
  },
  {
    .code = "1910", .name = "Волжская жемчужина",
    .full_name = "ООО «Круизная компания „Волжская жемчужина“»",
    .inn = "1656214738", .kpp = "165601001", .ogrn = "1111656761072",
    .size_group = "medium", .account_type = "supplier", .status = "партнёр",
    .region = "Республика Татарстан", .industry = "Круизы", .city = "Казань",
    .director = "Сабиров Тимур Наилевич", .accountant = "Сабирова Лилия Равилевна",
    .legal_address = "420015, г. Казань, ул. Пушкина, д. 52, оф. 11", .phone = "+78432641818",
    .email = "cruise@volga-pearl.ru", .website = "https://volga-pearl.ru",
    .bank = BANK_SBER_KZN, .bank_account = "40702810847464473802",
    .confirmed = TRUE, .owner = EMP_LEBEDEVA,
  },
  {
    .code = "1911", .name = "Арктик Тур", .full_name = "ООО «Арктик Тур»",
    .inn = "5190321471", .kpp = "519001001", .ogrn = "1205190455800",
    .size_group = "small", .account_type = "subagent", .status = "«горячий клиент»",
    .region = "Мурманская область", .industry = "Туризм", .city = "Мурманск",
    .director = "Северцев Олег Николаевич", .accountant = "Северцева Анна Петровна",
    .legal_address = "183038, г. Мурманск, пр-т Ленина, д. 69, оф. 8", .phone = "+78152454477",
    .email = "aurora@arctic-tour.ru", .website = "https://arctic-tour.ru",
    .bank = BANK_SBER_SPB, .bank_account = "40702810551230911119",
    .comments = "Туры за северным сиянием в Териберку, сезон с октября по март.",
    .confirmed = FALSE, .owner = EMP_KOTOVA,
  },
};
/* clang-format on */

G_STATIC_ASSERT (G_N_ELEMENTS (demo_accounts) == CRM_DEMO_N_ACCOUNTS);

typedef struct
{
  const char *last_name;
  const char *first_name;
  const char *middle_name;
  const char *account; /* the name of a demo account */
  const char *position;
  const char *gender;
  const char *status;
  const char *city;
  const char *phone_mobile;
  const char *phone_work;
  const char *phone_internal;
  const char *email;
  const char *email2;
  const char *skype;
  const char *messengers;
  const char *birthday; /* ISO 8601 date */
  const char *comments;
} DemoContact;

/* The seed's people first, as the seed writes them (Громыхайло's mobile is
 * the number tests search for); their statuses are the seed's: Новый,
 * Назначенный, В процессе, Преобразован, Отказ. Each contact belongs to
 * the employee who owns the account. */
/* clang-format off */
static const DemoContact demo_contacts[] = {
  {
    .last_name = "Громыхайло", .first_name = "Игорь", .middle_name = "Викторович",
    .account = "Реал сервис", .position = "Генеральный директор",
    .gender = "male", .status = "В процессе", .city = "Москва",
    .phone_mobile = "+79163258798", .phone_work = "+74959871244", .email = "i.groh@realservice.ru",
    .skype = "igor.gromykhaylo", .birthday = "1971-03-18",
    .comments = "Принимает решения сам; звонить до 11:00.",
  },
  {
    .last_name = "Редькин", .first_name = "Игнат", .middle_name = NULL,
    .account = "Звезда Азии", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Казань",
    .phone_mobile = "+71234667898", .phone_work = "+73882221455", .email = "redkin@asiastar.com",
    .messengers = "Telegram: @redkin_ignat",
  },
  {
    .last_name = "Мировой", .first_name = "Владимир", .middle_name = NULL,
    .account = "В Пути!", .position = "Директор",
    .gender = "male", .status = "Новый", .city = "Домодедово", .email = "mirovoy@vput.org",
  },
  {
    .last_name = "Струнина", .first_name = "Надежда", .middle_name = NULL,
    .account = "Агентство поездок", .position = "Главный бухгалтер",
    .gender = "female", .status = "Назначенный", .city = "Санкт-Петербург",
    .phone_mobile = "+79031864989", .phone_work = "+78123346712", .email = "nadegda@poezdka.ru",
  },
  {
    .last_name = "Карпов", .first_name = "Андрей", .middle_name = "Михайлович",
    .account = "Поехали", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Подольск",
    .phone_mobile = "+79514186027", .phone_work = "+74967631020;ext=10", .email = "a.karpov@go.ru",
  },
  {
    .last_name = "Карпова", .first_name = "Елена", .middle_name = "Юрьевна",
    .account = "Поехали", .position = "Главный бухгалтер",
    .gender = "female", .status = "Преобразован", .city = "Подольск",
    .phone_mobile = "+79518981982", .phone_work = "+74967631020;ext=12", .email = "e.karpova@go.ru",
  },
  {
    .last_name = "Сёмин", .first_name = "Пётр", .middle_name = "Алексеевич",
    .account = "Поехали", .position = "Менеджер по туризму",
    .gender = "male", .status = "В процессе", .city = "Подольск",
    .phone_mobile = "+79122579129", .phone_work = "+74967631020;ext=14", .email = "p.semin@go.ru",
    .birthday = "1990-07-02",
  },
  {
    .last_name = "Тырышкина", .first_name = "Айана", .middle_name = "Эдуардовна",
    .account = "Звезда Азии", .position = "Главный бухгалтер",
    .gender = "female", .status = "Преобразован", .city = "Горно-Алтайск",
    .phone_mobile = "+79102521199", .phone_work = "+73882221455;ext=3",
    .email = "a.tyryshkina@asiastar.com",
  },
  {
    .last_name = "Чичканова", .first_name = "Ольга", .middle_name = "Петровна",
    .account = "Звезда Азии", .position = "Руководитель отдела бронирования",
    .gender = "female", .status = "Преобразован", .city = "Горно-Алтайск",
    .phone_mobile = "+79851702635", .phone_work = "+73882221455;ext=5",
    .email = "o.chichkanova@asiastar.com",
  },
  {
    .last_name = "Морозова", .first_name = "Светлана", .middle_name = "Игоревна",
    .account = "Дорога к Морю", .position = "Директор",
    .gender = "female", .status = "Назначенный", .city = "Москва",
    .phone_mobile = "+79258599992", .phone_work = "+79251255885",
    .email = "call@tothesea.com", .email2 = "s.morozova@tothesea.com",
  },
  {
    .last_name = "Белоусова", .first_name = "Наталья", .middle_name = "Андреевна",
    .account = "Реал сервис", .position = "Главный бухгалтер",
    .gender = "female", .status = "В процессе", .city = "Москва",
    .phone_mobile = "+79643642312", .phone_work = "+74959871244",
    .email = "n.belousova@realservice.ru",
  },
  {
    .last_name = "Иванов", .first_name = "Сергей", .middle_name = "Петрович",
    .account = "Реал сервис", .position = "Менеджер по корпоративному обслуживанию",
    .gender = "male", .status = "В процессе", .city = "Москва",
    .phone_mobile = "+79512059731", .phone_work = "+74959871244",
    .email = "s.ivanov@realservice.ru", .birthday = "1985-11-23",
  },
  {
    .last_name = "Струнин", .first_name = "Алексей", .middle_name = "Борисович",
    .account = "Агентство поездок", .position = "Генеральный директор",
    .gender = "male", .status = "Назначенный", .city = "Санкт-Петербург",
    .phone_mobile = "+79155059130", .phone_work = "+78123346712", .email = "a.strunin@poezdka.ru",
  },
  {
    .last_name = "Ланской", .first_name = "Олег", .middle_name = "Вадимович",
    .account = "Тикет Ми", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Москва",
    .phone_mobile = "+79296474294", .phone_work = "+74996431208", .email = "o.lanskoy@ticketme.ru",
  },
  {
    .last_name = "Королёв", .first_name = "Фёдор", .middle_name = "Ильич",
    .account = "Тикет Ми", .position = "Руководитель службы поддержки",
    .gender = "male", .status = "Преобразован", .city = "Москва",
    .phone_mobile = "+79159709457", .phone_work = "+74996431208", .email = "f.korolev@ticketme.ru",
    .skype = "fedor.korolev",
  },
  {
    .last_name = "Шубин", .first_name = "Виктор", .middle_name = "Геннадьевич",
    .account = "ЖД Магнат", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Москва",
    .phone_mobile = "+79199384802", .phone_work = "+74952680300", .email = "v.shubin@zdmagnat.ru",
  },
  {
    .last_name = "Голованова", .first_name = "Людмила", .middle_name = "Ивановна",
    .account = "ЖД Магнат", .position = "Главный бухгалтер",
    .gender = "female", .status = "Преобразован", .city = "Москва",
    .phone_mobile = "+79068672722", .phone_work = "+74952680300",
    .email = "l.golovanova@zdmagnat.ru",
  },
  {
    .last_name = "Никифоров", .first_name = "Артём", .middle_name = "Денисович",
    .account = "ЖД Магнат", .position = "Менеджер по работе с агентствами",
    .gender = "male", .status = "Преобразован", .city = "Москва", .phone_mobile = "+79262395922",
    .phone_internal = "214", .email = "a.nikiforov@zdmagnat.ru",
  },
  {
    .last_name = "Жуков", .first_name = "Роман", .middle_name = "Алексеевич",
    .account = "Волга-Тур", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Самара",
    .phone_mobile = "+79204853154", .phone_work = "+78462701530", .email = "r.zhukov@volga-tour.ru",
  },
  {
    .last_name = "Никитина", .first_name = "Оксана", .middle_name = "Валерьевна",
    .account = "Волга-Тур", .position = "Главный бухгалтер",
    .gender = "female", .status = "Преобразован", .city = "Самара",
    .phone_mobile = "+79032178154", .phone_work = "+78462701530",
    .email = "o.nikitina@volga-tour.ru",
  },
  {
    .last_name = "Вересаев", .first_name = "Глеб", .middle_name = "Аркадьевич",
    .account = "Северная Пальмира Трэвел", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Санкт-Петербург",
    .phone_mobile = "+79097717594", .phone_work = "+78123127744",
    .email = "g.veresaev@spb-travel.ru", .birthday = "1968-01-30",
  },
  {
    .last_name = "Полякова", .first_name = "Ксения", .middle_name = "Дмитриевна",
    .account = "Северная Пальмира Трэвел", .position = "Главный бухгалтер",
    .gender = "female", .status = "Преобразован", .city = "Санкт-Петербург",
    .phone_mobile = "+79197484621", .phone_work = "+78123127744",
    .email = "k.polyakova@spb-travel.ru",
  },
  {
    .last_name = "Иванова", .first_name = "Мария", .middle_name = "Александровна",
    .account = "Северная Пальмира Трэвел", .position = "Менеджер по туризму",
    .gender = "female", .status = "Преобразован", .city = "Санкт-Петербург",
    .phone_mobile = "+79031009142", .phone_work = "+78123127744;ext=105", .phone_internal = "105",
    .email = "m.ivanova@spb-travel.ru",
  },
  {
    .last_name = "Хабибуллин", .first_name = "Ринат", .middle_name = "Ильдарович",
    .account = "Казань Тур Сервис", .position = "Генеральный директор",
    .gender = "male", .status = "В процессе", .city = "Казань",
    .phone_mobile = "+79058885078", .phone_work = "+78432925511",
    .email = "r.khabibullin@kazantour.ru",
  },
  {
    .last_name = "Закирова", .first_name = "Гульнара", .middle_name = "Рашитовна",
    .account = "Казань Тур Сервис", .position = "Главный бухгалтер",
    .gender = "female", .status = "В процессе", .city = "Казань",
    .phone_mobile = "+79857667674", .phone_work = "+78432925511",
    .email = "g.zakirova@kazantour.ru",
  },
  {
    .last_name = "Гаврилов", .first_name = "Степан", .middle_name = "Юрьевич",
    .account = "Сибирский Экспресс", .position = "Генеральный директор",
    .gender = "male", .status = "Назначенный", .city = "Новосибирск",
    .phone_mobile = "+79624330111", .email = "s.gavrilov@sibexpress.ru",
  },
  {
    .last_name = "Лёвкина", .first_name = "Дарья", .middle_name = "Сергеевна",
    .account = "Сибирский Экспресс", .position = "Менеджер по продажам",
    .gender = "female", .status = "Новый", .city = "Новосибирск",
    .phone_mobile = "+79176652123", .phone_work = "+73832187730",
    .email = "d.levkina@sibexpress.ru",
  },
  {
    .last_name = "Бажова", .first_name = "Вера", .middle_name = "Павловна",
    .account = "Уральские самоцветы", .position = "Директор",
    .gender = "female", .status = "Отказ", .city = "Екатеринбург", .phone_mobile = "+79201254166",
    .email = "v.bazhova@ural-gems.ru",
    .comments = "Отказалась от сотрудничества в 2023 году.",
  },
  {
    .last_name = "Рябинин", .first_name = "Денис", .middle_name = "Андреевич",
    .account = "Нижегородский вояж", .position = "Генеральный директор",
    .gender = "male", .status = "Назначенный", .city = "Нижний Новгород",
    .phone_mobile = "+79093258154", .phone_work = "+78314137789",
    .email = "d.ryabinin@nn-voyage.ru",
  },
  {
    .last_name = "Ткаченко", .first_name = "Николай", .middle_name = "Степанович",
    .account = "Кубань-Курорт", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Краснодар",
    .phone_mobile = "+79091183794", .phone_work = "+78612594410",
    .email = "n.tkachenko@kuban-kurort.ru",
  },
  {
    .last_name = "Ткаченко", .first_name = "Лариса", .middle_name = "Викторовна",
    .account = "Кубань-Курорт", .position = "Главный бухгалтер",
    .gender = "female", .status = "Преобразован", .city = "Краснодар",
    .phone_mobile = "+79503980944", .phone_work = "+78612594410",
    .email = "l.tkachenko@kuban-kurort.ru",
  },
  {
    .last_name = "Ким", .first_name = "Александр", .middle_name = "Вячеславович",
    .account = "Тихоокеанский берег", .position = "Генеральный директор",
    .gender = "male", .status = "В процессе", .city = "Владивосток",
    .phone_mobile = "+79158506543", .phone_work = "+74232401166", .email = "a.kim@pacificshore.ru",
    .messengers = "WhatsApp, Telegram",
  },
  {
    .last_name = "Соколов", .first_name = "Аркадий", .middle_name = "Львович",
    .account = "Авиалинии Приволжья", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Самара",
    .phone_mobile = "+79993197263", .phone_work = "+78469963000",
    .email = "a.sokolov@privolzhye-air.ru",
  },
  {
    .last_name = "Селезнёва", .first_name = "Алина", .middle_name = "Артёмовна",
    .account = "Авиалинии Приволжья", .position = "Руководитель отдела агентских продаж",
    .gender = "female", .status = "Преобразован", .city = "Самара",
    .phone_mobile = "+79252954679", .phone_work = "+78469963000;ext=412", .phone_internal = "412",
    .email = "a.selezneva@privolzhye-air.ru",
  },
  {
    .last_name = "Елисеев", .first_name = "Максим", .middle_name = "Борисович",
    .account = "Волжские зори", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Нижний Новгород",
    .phone_mobile = "+79151007900", .phone_work = "+78312330505",
    .email = "m.eliseev@volga-zori.ru",
  },
  {
    .last_name = "Осипова", .first_name = "Татьяна", .middle_name = "Николаевна",
    .account = "Волжские зори", .position = "Менеджер по бронированию",
    .gender = "female", .status = "Преобразован", .city = "Нижний Новгород",
    .phone_mobile = "+79626102708", .email = "t.osipova@volga-zori.ru",
  },
  {
    .last_name = "Александрова", .first_name = "Маргарита", .middle_name = "Юрьевна",
    .account = "Невский берег", .position = "Генеральный директор",
    .gender = "female", .status = "Преобразован", .city = "Санкт-Петербург",
    .phone_mobile = "+79034535130", .phone_work = "+78127176060",
    .email = "m.aleksandrova@nevsky-bereg.ru",
  },
  {
    .last_name = "Фомина", .first_name = "Вероника", .middle_name = "Андреевна",
    .account = "Невский берег", .position = "Менеджер по продажам",
    .gender = "female", .status = "Преобразован", .city = "Санкт-Петербург",
    .phone_mobile = "+79642683304", .phone_work = "+78127176060",
    .email = "v.fomina@nevsky-bereg.ru",
  },
  {
    .last_name = "Дьяконов", .first_name = "Игорь", .middle_name = "Семёнович",
    .account = "АвиаТурСервис", .position = "Генеральный директор",
    .gender = "male", .status = "Отказ", .city = "Москва",
    .phone_mobile = "+79104577630", .phone_work = "+74957753300",
    .email = "i.dyakonov@aviatourservice.ru",
  },
  {
    .last_name = "Зимин", .first_name = "Валерий", .middle_name = "Олегович",
    .account = "Глобус Трэвел", .position = "Генеральный директор",
    .gender = "male", .status = "Отказ", .city = "Екатеринбург", .phone_mobile = "+79036518956",
    .email = "v.zimin@globus-travel.ru",
  },
  {
    .last_name = "Сафонов", .first_name = "Евгений", .middle_name = "Романович",
    .account = "Трансфер-Профи", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Москва",
    .phone_mobile = "+79252231423", .phone_work = "+74951504422",
    .email = "e.safonov@transfer-profi.ru",
  },
  {
    .last_name = "Сафонова", .first_name = "Дарья", .middle_name = "Игоревна",
    .account = "Трансфер-Профи", .position = "Диспетчер",
    .gender = "female", .status = "Преобразован", .city = "Москва",
    .phone_mobile = "+79155077080", .phone_work = "+74951504422",
    .email = "d.safonova@transfer-profi.ru",
  },
  {
    .last_name = "Горина", .first_name = "Алина", .middle_name = "Маратовна",
    .account = "Виза-Лайн", .position = "Директор",
    .gender = "female", .status = "Преобразован", .city = "Москва",
    .phone_mobile = "+79217236159", .phone_work = "+74956261919", .email = "a.gorina@visa-line.ru",
  },
  {
    .last_name = "Соловьёв", .first_name = "Семён", .middle_name = "Ильич",
    .account = "Виза-Лайн", .position = "Специалист по визовой поддержке",
    .gender = "male", .status = "Преобразован", .city = "Москва", .phone_mobile = "+79109115550",
    .email = "s.solovev@visa-line.ru",
  },
  {
    .last_name = "Рыбаков", .first_name = "Антон", .middle_name = "Павлович",
    .account = "Надёжный полис", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Москва",
    .phone_mobile = "+79107477633", .phone_work = "+74957301155", .email = "a.rybakov@nadpolis.ru",
  },
  {
    .last_name = "Кудрявцева", .first_name = "Ирина", .middle_name = "Олеговна",
    .account = "Надёжный полис", .position = "Менеджер по работе с партнёрами",
    .gender = "female", .status = "Преобразован", .city = "Москва", .phone_mobile = "+79106214548",
    .email = "i.kudryavtseva@nadpolis.ru",
  },
  {
    .last_name = "Бурлаков", .first_name = "Сергей", .middle_name = "Иннокентьевич",
    .account = "Байкал-Тур", .position = "Генеральный директор",
    .gender = "male", .status = "Назначенный", .city = "Иркутск", .phone_mobile = "+79645185891",
    .email = "s.burlakov@baikal-tour.ru",
  },
  {
    .last_name = "Левченко", .first_name = "Артур", .middle_name = "Владимирович",
    .account = "Ростов-Вояж", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Ростов-на-Дону",
    .phone_mobile = "+79124298229", .phone_work = "+78632403355",
    .email = "a.levchenko@rostov-voyage.ru",
  },
  {
    .last_name = "Левченко", .first_name = "Инна", .middle_name = "Андреевна",
    .account = "Ростов-Вояж", .position = "Главный бухгалтер",
    .gender = "female", .status = "Преобразован", .city = "Ростов-на-Дону",
    .phone_mobile = "+79259095278", .phone_work = "+78632403355",
    .email = "i.levchenko@rostov-voyage.ru",
  },
  {
    .last_name = "Галиев", .first_name = "Айдар", .middle_name = "Рустемович",
    .account = "Уфа-Тур", .position = "Генеральный директор",
    .gender = "male", .status = "Отказ", .city = "Уфа",
    .phone_mobile = "+79261795266", .phone_work = "+73472724411", .email = "a.galiev@ufa-tour.ru",
  },
  {
    .last_name = "Щукин", .first_name = "Илья", .middle_name = "Борисович",
    .account = "Камская волна", .position = "Генеральный директор",
    .gender = "male", .status = "Новый", .city = "Пермь", .phone_mobile = "+79059595904",
    .email = "i.shchukin@kama-wave.ru",
  },
  {
    .last_name = "Мкртчян", .first_name = "Армен", .middle_name = "Суренович",
    .account = "Черноморская ривьера", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Сочи",
    .phone_mobile = "+79167570141", .phone_work = "+78622647700",
    .email = "a.mkrtchyan@riviera-sochi.ru",
  },
  {
    .last_name = "Балтийский", .first_name = "Кирилл", .middle_name = "Андреевич",
    .account = "Янтарный берег", .position = "Генеральный директор",
    .gender = "male", .status = "В процессе", .city = "Калининград",
    .phone_mobile = "+79649237604", .phone_work = "+74012991207",
    .email = "k.baltiyskiy@amber-coast.ru",
  },
  {
    .last_name = "Ёлкина", .first_name = "Алёна", .middle_name = "Викторовна",
    .account = "ИП Ёлкина А. В.", .position = "Индивидуальный предприниматель",
    .gender = "female", .status = "Назначенный", .city = "Ярославль",
    .phone_mobile = "+79122153871", .phone_work = "+74852730418", .email = "alena@elkina-travel.ru",
    .birthday = "1988-12-31",
  },
  {
    .last_name = "Ефремов", .first_name = "Станислав", .middle_name = "Игоревич",
    .account = "СтройИнвестГрупп", .position = "Генеральный директор",
    .gender = "male", .status = "В процессе", .city = "Москва",
    .phone_mobile = "+79502243864", .phone_work = "+74956647100",
    .email = "s.efremov@stroyinvest.ru",
  },
  {
    .last_name = "Третьякова", .first_name = "Елена", .middle_name = "Викторовна",
    .account = "СтройИнвестГрупп", .position = "Руководитель административного отдела",
    .gender = "female", .status = "В процессе", .city = "Москва",
    .phone_mobile = "+79151278078", .phone_work = "+74956647100;ext=315", .phone_internal = "315",
    .email = "e.tretyakova@stroyinvest.ru",
    .comments = "Отвечает за командировки сотрудников.",
  },
  {
    .last_name = "Ширяев", .first_name = "Борис", .middle_name = "Константинович",
    .account = "ТехноПром-Урал", .position = "Генеральный директор",
    .gender = "male", .status = "Преобразован", .city = "Челябинск",
    .phone_mobile = "+79268477697", .phone_work = "+73512649030",
    .email = "b.shiryaev@technoprom-ural.ru",
  },
  {
    .last_name = "Черкасов", .first_name = "Вадим", .middle_name = "Юрьевич",
    .account = "МедФарм Логистик", .position = "Генеральный директор",
    .gender = "male", .status = "Новый", .city = "Воронеж",
    .phone_mobile = "+79053957047", .phone_work = "+74732069911",
    .email = "v.cherkasov@medfarm-log.ru",
  },
  {
    .last_name = "Сабиров", .first_name = "Тимур", .middle_name = "Наилевич",
    .account = "Волжская жемчужина", .position = "Коммерческий директор",
    .gender = "male", .status = "Преобразован", .city = "Казань",
    .phone_mobile = "+79513207521", .phone_work = "+78432641818",
    .email = "t.sabirov@volga-pearl.ru",
  },
  {
    .last_name = "Северцев", .first_name = "Олег", .middle_name = "Николаевич",
    .account = "Арктик Тур", .position = "Генеральный директор",
    .gender = "male", .status = "В процессе", .city = "Мурманск", .phone_mobile = "+79108555547",
    .email = "o.severtsev@arctic-tour.ru",
  },
};
/* clang-format on */

G_STATIC_ASSERT (G_N_ELEMENTS (demo_contacts) == CRM_DEMO_N_CONTACTS);

/* ---- Word lists of the synthetic generator ------------------------------ */

/* Masculine forms; feminine_surname() makes Иванова, Вишневская, Толстая
 * and leaves Шевченко or Ким as they are. Громыхайло is left out on
 * purpose: it stays a rare fragment for search tests and benchmarks. */
/* clang-format off */
static const char * const gen_surnames[] = {
  "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
  "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев",
  "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
  "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
  "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев",
  "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев",
  "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов",
  "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов",
  "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов",
  "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов", "Крылов",
  "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов",
  "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев",
  "Фомин", "Чернов", "Абрамов", "Мартынов", "Ефимов", "Федотов", "Щербаков",
  "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов", "Родионов",
  "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов", "Пономарёв",
  "Голубев", "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Журавлёв",
  "Овчинников", "Трофимов", "Леонов", "Соболев", "Ермаков", "Колесников",
  "Гончаров", "Емельянов", "Никифоров", "Грачёв", "Котов", "Гришин",
  "Ефремов", "Архипов", "Громов", "Кириллов", "Малышев", "Панов", "Моисеев",
  "Румянцев", "Акимов", "Кондратьев", "Бирюков", "Горбунов", "Анисимов",
  "Ерёмин", "Тихомиров", "Галкин", "Лукьянов", "Михеев", "Скворцов", "Юдин",
  "Белоусов", "Нестеров", "Симонов", "Прокофьев", "Харитонов", "Князев",
  "Цветков", "Левин", "Митрофанов", "Воронцов", "Субботин", "Блинов",
  "Самойлов", "Ершов", "Зуев", "Рыбаков", "Суворов", "Муравьёв", "Лёвкин",
  "Хабибуллин", "Сабиров", "Галиев", "Зарипов", "Ахметов", "Валиев",
  "Шарипов", "Каримов", "Юсупов", "Гарипов",
  "Вишневский", "Островский", "Покровский", "Смоленский", "Рождественский",
  "Добровольский", "Успенский", "Белецкий", "Троицкий", "Высоцкий",
  "Толстой", "Луговой", "Полевой", "Боровой",
  "Шевченко", "Бондаренко", "Ткаченко", "Кравченко", "Коваленко", "Лысенко",
  "Савченко", "Петренко", "Марченко", "Руденко", "Ким", "Цой",
};

typedef struct
{
  const char *name;
  const char *patronymic_male;   /* the son's middle name */
  const char *patronymic_female; /* the daughter's */
} GenMaleName;

static const GenMaleName gen_male_names[] = {
  { "Александр", "Александрович", "Александровна" },
  { "Алексей", "Алексеевич", "Алексеевна" },
  { "Анатолий", "Анатольевич", "Анатольевна" },
  { "Андрей", "Андреевич", "Андреевна" },
  { "Антон", "Антонович", "Антоновна" },
  { "Аркадий", "Аркадьевич", "Аркадьевна" },
  { "Арсений", "Арсеньевич", "Арсеньевна" },
  { "Артём", "Артёмович", "Артёмовна" },
  { "Борис", "Борисович", "Борисовна" },
  { "Вадим", "Вадимович", "Вадимовна" },
  { "Валентин", "Валентинович", "Валентиновна" },
  { "Валерий", "Валерьевич", "Валерьевна" },
  { "Василий", "Васильевич", "Васильевна" },
  { "Виктор", "Викторович", "Викторовна" },
  { "Виталий", "Витальевич", "Витальевна" },
  { "Владимир", "Владимирович", "Владимировна" },
  { "Владислав", "Владиславович", "Владиславовна" },
  { "Вячеслав", "Вячеславович", "Вячеславовна" },
  { "Геннадий", "Геннадьевич", "Геннадьевна" },
  { "Георгий", "Георгиевич", "Георгиевна" },
  { "Глеб", "Глебович", "Глебовна" },
  { "Григорий", "Григорьевич", "Григорьевна" },
  { "Даниил", "Даниилович", "Данииловна" },
  { "Денис", "Денисович", "Денисовна" },
  { "Дмитрий", "Дмитриевич", "Дмитриевна" },
  { "Евгений", "Евгеньевич", "Евгеньевна" },
  { "Егор", "Егорович", "Егоровна" },
  { "Иван", "Иванович", "Ивановна" },
  { "Игорь", "Игоревич", "Игоревна" },
  { "Илья", "Ильич", "Ильинична" },
  { "Кирилл", "Кириллович", "Кирилловна" },
  { "Константин", "Константинович", "Константиновна" },
  { "Лев", "Львович", "Львовна" },
  { "Леонид", "Леонидович", "Леонидовна" },
  { "Максим", "Максимович", "Максимовна" },
  { "Марк", "Маркович", "Марковна" },
  { "Матвей", "Матвеевич", "Матвеевна" },
  { "Михаил", "Михайлович", "Михайловна" },
  { "Никита", "Никитич", "Никитична" },
  { "Николай", "Николаевич", "Николаевна" },
  { "Олег", "Олегович", "Олеговна" },
  { "Павел", "Павлович", "Павловна" },
  { "Пётр", "Петрович", "Петровна" },
  { "Роман", "Романович", "Романовна" },
  { "Руслан", "Русланович", "Руслановна" },
  { "Семён", "Семёнович", "Семёновна" },
  { "Сергей", "Сергеевич", "Сергеевна" },
  { "Станислав", "Станиславович", "Станиславовна" },
  { "Степан", "Степанович", "Степановна" },
  { "Тимофей", "Тимофеевич", "Тимофеевна" },
  { "Тимур", "Тимурович", "Тимуровна" },
  { "Фёдор", "Фёдорович", "Фёдоровна" },
  { "Эдуард", "Эдуардович", "Эдуардовна" },
  { "Юрий", "Юрьевич", "Юрьевна" },
  { "Яков", "Яковлевич", "Яковлевна" },
  { "Ярослав", "Ярославович", "Ярославовна" },
};

static const char * const gen_female_names[] = {
  "Александра", "Алина", "Алёна", "Алла", "Анастасия", "Ангелина", "Анна",
  "Валентина", "Валерия", "Варвара", "Василиса", "Вера", "Вероника",
  "Виктория", "Галина", "Дарья", "Диана", "Евгения", "Екатерина", "Елена",
  "Елизавета", "Жанна", "Зоя", "Инна", "Ирина", "Карина", "Кира", "Кристина",
  "Ксения", "Лариса", "Лидия", "Любовь", "Людмила", "Маргарита", "Марина",
  "Мария", "Милана", "Надежда", "Наталья", "Нина", "Оксана", "Олеся",
  "Ольга", "Полина", "Раиса", "Светлана", "Софья", "Таисия", "Тамара",
  "Татьяна", "Ульяна", "Эльвира", "Юлия", "Яна",
};

typedef struct
{
  const char *name;
  const char *region;
  const char *area_code; /* 3 or 4 digits after +7 */
  guint       postcode;  /* the first of the city's postcodes */
  guint       n_postcodes;
  /* The city's tax offices: the first 4 digits of local INNs. */
  const char *tax_offices; /* "7701 7702 …" */
  DemoBankId  local_bank;
  guint       weight; /* how often the city is drawn */
} GenCity;

static const GenCity gen_cities[] = {
  { "Москва", "г. Москва", "495", 101000, 28000,
    "7701 7702 7703 7704 7705 7706 7707 7708 7709 7710 7713 7714 7715 7716 "
    "7717 7718 7719 7720 7721 7722 7723 7724 7725 7726 7727 7728 7729 7730 "
    "7731 7733 7734 7735 7736 7743 7751", BANK_SBER, 30 },
  { "Санкт-Петербург", "г. Санкт-Петербург", "812", 190000, 9000,
    "7801 7802 7804 7805 7806 7807 7810 7811 7813 7814 7816 7817 7819 7820 "
    "7825 7838 7840 7842", BANK_SBER_SPB, 14 },
  { "Казань", "Республика Татарстан", "843", 420000, 140,
    "1655 1656 1657 1658 1659 1660 1661", BANK_SBER_KZN, 5 },
  { "Новосибирск", "Новосибирская область", "383", 630000, 130,
    "5401 5402 5403 5404 5405 5406 5407 5408 5409 5410", BANK_SBER_NSK, 5 },
  { "Екатеринбург", "Свердловская область", "343", 620000, 150,
    "6658 6659 6660 6661 6662 6670 6671 6672 6679 6685 6686", BANK_SBER_EKB, 5 },
  { "Нижний Новгород", "Нижегородская область", "831", 603000, 160,
    "5256 5257 5258 5259 5260 5261 5262 5263", BANK_SBER_NN, 4 },
  { "Самара", "Самарская область", "846", 443000, 130,
    "6311 6312 6313 6314 6315 6316 6317 6318 6319", BANK_SBER_SMR, 4 },
  { "Краснодар", "Краснодарский край", "861", 350000, 90,
    "2308 2309 2310 2311 2312", BANK_SBER_KRD, 4 },
  { "Сочи", "Краснодарский край", "862", 354000, 70,
    "2317 2318 2319 2320", BANK_SBER_KRD, 3 },
  { "Владивосток", "Приморский край", "423", 690000, 110,
    "2536 2537 2538 2539 2540 2543", BANK_SBER_DV, 2 },
  { "Хабаровск", "Хабаровский край", "4212", 680000, 50,
    "2721 2722 2723 2724", BANK_SBER_DV, 2 },
  { "Ростов-на-Дону", "Ростовская область", "863", 344000, 120,
    "6161 6162 6163 6164 6165 6166 6167 6168", BANK_SBER_ROS, 4 },
  { "Волгоград", "Волгоградская область", "8442", 400000, 140,
    "3441 3442 3443 3444 3445 3446 3447 3448 3459 3460", BANK_SBER_ROS, 3 },
  { "Уфа", "Республика Башкортостан", "347", 450000, 110,
    "0272 0273 0274 0275 0276 0277 0278", BANK_SBER_SMR, 3 },
  { "Пермь", "Пермский край", "342", 614000, 110,
    "5902 5903 5904 5905 5906 5907 5908", BANK_SBER_EKB, 3 },
  { "Челябинск", "Челябинская область", "351", 454000, 140,
    "7447 7448 7449 7450 7451 7452 7453", BANK_SBER_EKB, 3 },
  { "Тюмень", "Тюменская область", "3452", 625000, 60,
    "7202 7203 7204", BANK_SBER_EKB, 2 },
  { "Омск", "Омская область", "3812", 644000, 125,
    "5501 5503 5504 5505 5506 5507", BANK_SBER_NSK, 2 },
  { "Красноярск", "Красноярский край", "391", 660000, 135,
    "2460 2461 2462 2463 2464 2465 2466", BANK_SBER_NSK, 3 },
  { "Иркутск", "Иркутская область", "3952", 664000, 80,
    "3808 3809 3810 3811 3812", BANK_SBER_NSK, 2 },
  { "Воронеж", "Воронежская область", "473", 394000, 90,
    "3661 3662 3663 3664 3665 3666", BANK_SBER, 3 },
  { "Саратов", "Саратовская область", "8452", 410000, 80,
    "6450 6451 6452 6453 6454 6455", BANK_SBER_SMR, 2 },
  { "Ярославль", "Ярославская область", "4852", 150000, 65,
    "7602 7603 7604 7606", BANK_SBER, 2 },
  { "Тула", "Тульская область", "4872", 300000, 60,
    "7104 7105 7106 7107", BANK_SBER, 2 },
  { "Калининград", "Калининградская область", "4012", 236000, 45,
    "3904 3905 3906 3907", BANK_SBER_SPB, 2 },
  { "Мурманск", "Мурманская область", "8152", 183000, 55,
    "5190 5191 5193", BANK_SBER_SPB, 1 },
};

static const char * const gen_streets[] = {
  "ул. Ленина", "ул. Советская", "ул. Мира", "пр-т Победы", "ул. Гагарина",
  "ул. Пушкина", "ул. Садовая", "ул. Московская", "ул. Кирова",
  "ул. Октябрьская", "ул. Комсомольская", "ул. Лесная", "ул. Набережная",
  "ул. Первомайская", "ул. Чехова", "ул. Лермонтова", "ул. Горького",
  "пр-т Ленина", "ул. Заводская", "ул. Строителей", "ул. Молодёжная",
  "ул. Юбилейная", "ул. Центральная", "пер. Почтовый", "б-р Профсоюзов",
};

/* Mobile operator codes after +7. */
static const char * const gen_mobile_codes[] = {
  "903", "905", "906", "909", "910", "912", "913", "915", "916", "917",
  "919", "920", "921", "922", "925", "926", "927", "929", "950", "951",
  "952", "953", "960", "961", "962", "964", "965", "977", "978", "981",
  "985", "987", "988", "999",
};

/* A company's general mailbox: info@… */
static const char * const gen_mailboxes[] = { "info", "office", "sales", "mail" };

static const char * const gen_mail_domains[] = {
  "mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru", "inbox.ru",
  "rambler.ru", "ya.ru",
};

typedef struct
{
  const char *m, *f, *n; /* masculine, feminine, neuter */
} GenAdjective;

static const GenAdjective gen_adjectives[] = {
  { "Северный", "Северная", "Северное" },
  { "Южный", "Южная", "Южное" },
  { "Восточный", "Восточная", "Восточное" },
  { "Западный", "Западная", "Западное" },
  { "Золотой", "Золотая", "Золотое" },
  { "Белый", "Белая", "Белое" },
  { "Синий", "Синяя", "Синее" },
  { "Лазурный", "Лазурная", "Лазурное" },
  { "Солнечный", "Солнечная", "Солнечное" },
  { "Вольный", "Вольная", "Вольное" },
  { "Большой", "Большая", "Большое" },
  { "Новый", "Новая", "Новое" },
  { "Тихий", "Тихая", "Тихое" },
  { "Дальний", "Дальняя", "Дальнее" },
  { "Ясный", "Ясная", "Ясное" },
  { "Серебряный", "Серебряная", "Серебряное" },
  { "Изумрудный", "Изумрудная", "Изумрудное" },
  { "Янтарный", "Янтарная", "Янтарное" },
  { "Морской", "Морская", "Морское" },
  { "Звёздный", "Звёздная", "Звёздное" },
  { "Летний", "Летняя", "Летнее" },
  { "Зелёный", "Зелёная", "Зелёное" },
  { "Первый", "Первая", "Первое" },
  { "Волжский", "Волжская", "Волжское" },
  { "Уральский", "Уральская", "Уральское" },
  { "Сибирский", "Сибирская", "Сибирское" },
  { "Балтийский", "Балтийская", "Балтийское" },
  { "Байкальский", "Байкальская", "Байкальское" },
  { "Полярный", "Полярная", "Полярное" },
};

typedef enum
{
  GEN_M,
  GEN_F,
  GEN_N
} GenGender;

typedef struct
{
  const char *word;
  GenGender   gender;
} GenNoun;

static const GenNoun gen_nouns[] = {
  { "ветер", GEN_M }, { "берег", GEN_M }, { "маршрут", GEN_M },
  { "горизонт", GEN_M }, { "путь", GEN_M }, { "парус", GEN_M },
  { "экспресс", GEN_M }, { "остров", GEN_M }, { "континент", GEN_M },
  { "курс", GEN_M }, { "полёт", GEN_M }, { "вояж", GEN_M }, { "мир", GEN_M },
  { "край", GEN_M }, { "сезон", GEN_M }, { "круиз", GEN_M }, { "причал", GEN_M },
  { "компас", GEN_M },
  { "звезда", GEN_F }, { "дорога", GEN_F }, { "волна", GEN_F },
  { "гавань", GEN_F }, { "миля", GEN_F }, { "линия", GEN_F },
  { "планета", GEN_F }, { "долина", GEN_F }, { "страна", GEN_F },
  { "тропа", GEN_F }, { "лагуна", GEN_F }, { "ривьера", GEN_F },
  { "бухта", GEN_F }, { "мечта", GEN_F },
  { "небо", GEN_N }, { "море", GEN_N }, { "побережье", GEN_N },
  { "направление", GEN_N }, { "путешествие", GEN_N }, { "солнце", GEN_N },
  { "крыло", GEN_N }, { "озеро", GEN_N }, { "сияние", GEN_N },
};

/* «АвиаТурСервис», «ЭнергоСнаб»: a head and a tail. */
static const char * const gen_name_heads[] = {
  "Авиа", "Транс", "Тур", "Интер", "Евро", "Гео", "Мега", "Аэро", "Сити",
  "Глобал", "Техно", "Агро", "Энерго", "Пром", "Строй", "Мед", "Фарм",
  "Нефте", "Газ", "Инфо", "Сиб", "Урал", "Волго", "Даль",
};

static const char * const gen_name_tails[] = {
  "Сервис", "Тур", "Трэвел", "Вояж", "Логистик", "Трейд", "Групп",
  "Экспресс", "Лайн", "Маркет", "Холдинг", "Консалт", "Инвест", "Снаб",
  "Пром", "Комплект", "Ресурс", "Систем", "Строй", "Транс",
};

/* «Волна-Тур», «Самара Трэвел». */
static const char * const gen_name_suffixes[] = {
  "-Тур", " Трэвел", "-Сервис", " Вояж", " Экспресс", "-Групп", " Тревел Клуб",
};

static const char * const gen_travel_industries[] = {
  "Туризм", "Туризм", "Туризм", "Деловой туризм", "Авиаперевозки",
  "Гостиничный бизнес", "Железнодорожные перевозки", "Транспортные услуги",
  "Страхование", "Визовая поддержка", "Санаторно-курортные услуги", "Круизы",
};

static const char * const gen_client_industries[] = {
  "Строительство", "Машиностроение", "Фармацевтика", "Оптовая торговля",
  "Розничная торговля", "Информационные технологии", "Нефть и газ",
  "Энергетика", "Образование", "Банковские услуги", "Логистика",
  "Сельское хозяйство", "Металлургия", "Телекоммуникации", "Медицина",
  "Туризм",
};

typedef struct
{
  const char *value;
  guint       weight;
} GenWeighted;

static const GenWeighted gen_account_statuses[] = {
  { "партнёр", 15 }, { "«горячий клиент»", 15 }, { "заинтересован", 30 },
  { "постоянный клиент", 25 }, { "не интересен", 15 },
};

static const GenWeighted gen_account_types[] = {
  { "client", 40 }, { "subagent", 35 }, { "partner", 10 }, { "supplier", 10 },
  { "competitor", 5 },
};

static const GenWeighted gen_size_groups[] = {
  { "small", 55 }, { "medium", 30 }, { "large", 15 },
};

static const GenWeighted gen_contact_statuses[] = {
  { "Новый", 25 }, { "Назначенный", 20 }, { "В процессе", 25 },
  { "Преобразован", 20 }, { "Отказ", 10 },
};

static const GenWeighted gen_positions[] = {
  { "Генеральный директор", 8 }, { "Директор", 4 },
  { "Коммерческий директор", 4 }, { "Финансовый директор", 2 },
  { "Главный бухгалтер", 8 }, { "Бухгалтер", 5 },
  { "Менеджер по туризму", 14 }, { "Менеджер по продажам", 14 },
  { "Менеджер по работе с клиентами", 8 },
  { "Менеджер по корпоративному обслуживанию", 4 },
  { "Специалист по бронированию", 6 }, { "Специалист по визовой поддержке", 3 },
  { "Руководитель отдела продаж", 4 }, { "Руководитель отдела бронирования", 2 },
  { "Агент по продаже авиабилетов", 5 }, { "Офис-менеджер", 4 },
  { "Администратор", 3 }, { "Юрист", 2 }, { "Маркетолог", 2 },
  { "Руководитель административного отдела", 2 },
};
/* clang-format on */

/* ---- SQL ---------------------------------------------------------------- */

/* Other writers wait while the demo is loaded or generated (readers do
 * not): the emptiness check stays true until COMMIT, and the identity
 * values of the accounts a COPY writes are ours and in order. */
static const char lock_sql[] =
    "LOCK TABLE rapport.accounts, rapport.contacts IN SHARE ROW EXCLUSIVE MODE";

static const char is_empty_sql[] =
    "SELECT NOT EXISTS (SELECT 1 FROM rapport.accounts)"
    " AND NOT EXISTS (SELECT 1 FROM rapport.contacts)";

static const char find_employee_sql[] =
    "SELECT id FROM rapport.employees WHERE full_name = $1 ORDER BY id LIMIT 1";

static const char insert_employee_sql[] =
    "INSERT INTO rapport.employees (full_name, position, phone, email)"
    " VALUES ($1, $2, $3, $4) RETURNING id";

static const char list_employees_sql[] =
    "SELECT id FROM rapport.employees WHERE active ORDER BY id";

static const char insert_account_sql[] =
    "INSERT INTO rapport.accounts (code, name, full_name, inn, kpp, ogrn,"
    " size_group, account_type, status, region, industry, city, director,"
    " accountant, legal_address, actual_address, phone, phone2, email, email2,"
    " website, bank_name, bank_bik, bank_account, bank_corr_account,"
    " competitors, comments, confirmed, owner_id)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
    " $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)"
    " RETURNING id";

static const char insert_contact_sql[] =
    "INSERT INTO rapport.contacts (code, last_name, first_name, middle_name,"
    " account_id, position, gender, phone_mobile, phone_work, phone_internal,"
    " skype, messengers, email, email2, status, city, birthday, comments,"
    " owner_id)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
    " $16, $17, $18, $19)";

static const char max_account_id_sql[] =
    "SELECT coalesce(max(id), 0) FROM rapport.accounts";

static const char max_contact_id_sql[] =
    "SELECT coalesce(max(id), 0) FROM rapport.contacts";

static const char new_account_ids_sql[] =
    "SELECT id FROM rapport.accounts WHERE id > $1 ORDER BY id";

static const char copy_accounts_sql[] =
    "COPY rapport.accounts (code, name, full_name, inn, kpp, ogrn, size_group,"
    " account_type, status, region, industry, city, director, accountant,"
    " legal_address, actual_address, phone, email, website, bank_name,"
    " bank_bik, bank_account, bank_corr_account, confirmed, owner_id)"
    " FROM STDIN";

static const char copy_contacts_sql[] =
    "COPY rapport.contacts (code, last_name, first_name, middle_name,"
    " account_id, position, gender, phone_mobile, phone_work, email, status,"
    " city, birthday, owner_id) FROM STDIN";

/* ---- Helpers ------------------------------------------------------------ */

static gboolean
begin_transaction (PGconn  *conn,
                   GError **error)
{
  if (PQtransactionStatus (conn) != PQTRANS_IDLE)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_FAILED,
                           _ ("The database connection is busy with another transaction"));
      return FALSE;
    }

  return _crm_store_exec_command (conn, "BEGIN", error);
}

static void
rollback (PGconn *conn)
{
  g_autoptr (GError) error = NULL;

  if (PQtransactionStatus (conn) == PQTRANS_IDLE)
    return;

  if (!_crm_store_exec_command (conn, "ROLLBACK", &error))
    g_debug ("Demo data: rollback failed: %s", error->message);
}

/* The first column of the first row as an integer (0 for none or NULL). */
static gboolean
query_int64 (PGconn            *conn,
             const char        *sql,
             guint              n_params,
             const char *const *params,
             gint64            *value,
             GError           **error)
{
  g_autoptr (CrmDemoResult) res = NULL;

  res = _crm_store_exec (conn, sql, n_params, params, FALSE, error);
  if (res == NULL)
    return FALSE;

  if (PQntuples (res) > 0 && PQnfields (res) > 0 && !PQgetisnull (res, 0, 0))
    *value = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  else
    *value = 0;

  return TRUE;
}

static gboolean
query_is_empty (PGconn   *conn,
                gboolean *empty,
                GError  **error)
{
  g_autoptr (CrmDemoResult) res = NULL;

  res = _crm_store_exec (conn, is_empty_sql, 0, NULL, FALSE, error);
  if (res == NULL)
    return FALSE;

  *empty = PQntuples (res) == 1 && g_str_equal (PQgetvalue (res, 0, 0), "t");
  return TRUE;
}

static char *
int64_to_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* The ids of the demo employees, in DemoEmployeeId order: an employee of
 * the same name is reused, a missing one is added. */
static gboolean
ensure_demo_employees (PGconn  *conn,
                       gint64   ids[N_EMPLOYEES],
                       GError **error)
{
  for (guint i = 0; i < N_EMPLOYEES; i++)
    {
      const DemoEmployee *e = &demo_employees[i];
      const char         *find_params[] = { e->full_name };
      const char         *insert_params[] = { e->full_name, e->position, e->phone, e->email };

      if (!query_int64 (conn, find_employee_sql, 1, find_params, &ids[i], error))
        return FALSE;
      if (ids[i] == 0 &&
          !query_int64 (conn, insert_employee_sql, G_N_ELEMENTS (insert_params),
                        insert_params, &ids[i], error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_demo_accounts (PGconn      *conn,
                      const gint64 employee_ids[N_EMPLOYEES],
                      gint64       account_ids[CRM_DEMO_N_ACCOUNTS],
                      GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    {
      const DemoAccount *a = &demo_accounts[i];
      const DemoBank    *bank = &demo_banks[a->bank];
      g_autofree char   *owner_id = int64_to_text (employee_ids[a->owner]);
      const char        *params[] = {
               a->code,
               a->name,
               a->full_name,
               a->inn,
               a->kpp,
               a->ogrn,
               a->size_group,
               a->account_type,
               a->status,
               a->region,
               a->industry,
               a->city,
               a->director,
               a->accountant,
               a->legal_address,
        a->actual_address ? a->actual_address : a->legal_address,
               a->phone,
               a->phone2,
               a->email,
               a->email2,
               a->website,
               bank->name,
               bank->bik,
               a->bank_account,
               bank->corr_account,
               a->competitors,
               a->comments,
        a->confirmed ? "t" : "f",
               owner_id,
      };

      if (!query_int64 (conn, insert_account_sql, G_N_ELEMENTS (params), params,
                        &account_ids[i], error))
        return FALSE;
    }

  return TRUE;
}

static guint
demo_account_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    {
      if (g_str_equal (demo_accounts[i].name, name))
        return i;
    }

  g_assert_not_reached ();
}

static gboolean
insert_demo_contacts (PGconn      *conn,
                      const gint64 employee_ids[N_EMPLOYEES],
                      const gint64 account_ids[CRM_DEMO_N_ACCOUNTS],
                      GError     **error)
{
  g_autoptr (CrmDemoResult) res = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (demo_contacts); i++)
    {
      const DemoContact *c = &demo_contacts[i];
      guint              account = demo_account_index (c->account);
      g_autofree char   *code = g_strdup_printf ("КТ-%04u", i + 1);
      g_autofree char   *account_id = int64_to_text (account_ids[account]);
      g_autofree char   *owner_id = int64_to_text (employee_ids[demo_accounts[account].owner]);
      const char        *params[] = {
               code,
               c->last_name,
               c->first_name,
               c->middle_name,
               account_id,
               c->position,
               c->gender,
               c->phone_mobile,
               c->phone_work,
               c->phone_internal,
               c->skype,
               c->messengers,
               c->email,
               c->email2,
               c->status,
               c->city,
               c->birthday,
               c->comments,
               owner_id,
      };

      res = _crm_store_exec (conn, insert_contact_sql, G_N_ELEMENTS (params), params,
                             FALSE, error);
      if (res == NULL)
        return FALSE;
      g_clear_pointer (&res, PQclear);
    }

  return TRUE;
}

/* ---- Public: demo data -------------------------------------------------- */

gboolean
crm_demo_is_empty (PGconn   *conn,
                   gboolean *empty,
                   GError  **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (empty != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return query_is_empty (conn, empty, error);
}

gboolean
crm_demo_load (PGconn  *conn,
               GError **error)
{
  return crm_demo_load_full (conn, CRM_DEMO_LOAD_DEFAULT, NULL, error);
}

gboolean
crm_demo_load_full (PGconn          *conn,
                    CrmDemoLoadFlags flags,
                    gboolean        *loaded,
                    GError         **error)
{
  gint64   employee_ids[N_EMPLOYEES];
  gint64   account_ids[CRM_DEMO_N_ACCOUNTS];
  gboolean empty = TRUE;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (loaded != NULL)
    *loaded = FALSE;

  if (!begin_transaction (conn, error))
    return FALSE;

  if (!_crm_store_exec_command (conn, lock_sql, error))
    goto fail;

  if ((flags & CRM_DEMO_LOAD_FORCE) == 0 && !query_is_empty (conn, &empty, error))
    goto fail;

  if (!empty)
    {
      g_debug ("Demo data: the database has data already; nothing loaded");
      rollback (conn);
      return TRUE;
    }

  if (!ensure_demo_employees (conn, employee_ids, error) ||
      !insert_demo_accounts (conn, employee_ids, account_ids, error) ||
      !insert_demo_contacts (conn, employee_ids, account_ids, error) ||
      !_crm_store_exec_command (conn, "COMMIT", error))
    goto fail;

  g_debug ("Demo data: loaded %u accounts and %u contacts",
           CRM_DEMO_N_ACCOUNTS, CRM_DEMO_N_CONTACTS);
  if (loaded != NULL)
    *loaded = TRUE;
  return TRUE;

fail:
  g_prefix_error (error, _ ("Could not load the demo data: "));
  rollback (conn);
  return FALSE;
}

/* ---- Public: value helpers ---------------------------------------------- */

/* а…я, then ё */
static const char *const translit_table[] = {
  "a",
  "b",
  "v",
  "g",
  "d",
  "e",
  "zh",
  "z",
  "i",
  "y",
  "k",
  "l",
  "m",
  "n",
  "o",
  "p",
  "r",
  "s",
  "t",
  "u",
  "f",
  "kh",
  "ts",
  "ch",
  "sh",
  "shch",
  "",
  "y",
  "",
  "e",
  "yu",
  "ya",
};

char *
crm_demo_transliterate (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));

      if (c >= 0x0430 && c <= 0x044F)
        g_string_append (out, translit_table[c - 0x0430]);
      else if (c == 0x0451) /* ё */
        g_string_append_c (out, 'e');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_digits (const char *text,
           gsize       length)
{
  if (strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

char *
crm_demo_ogrn_complete (const char *prefix)
{
  guint64 number;
  guint   check;

  g_return_val_if_fail (prefix != NULL, NULL);
  g_return_val_if_fail (is_digits (prefix, 12) || is_digits (prefix, 14), NULL);

  number = g_ascii_strtoull (prefix, NULL, 10);
  /* OGRN: the first 12 digits mod 11; OGRNIP: the first 14 mod 13; the
   * last digit of the remainder. */
  check = strlen (prefix) == 12 ? number % 11 % 10 : number % 13 % 10;

  return g_strdup_printf ("%s%u", prefix, check);
}

char *
crm_demo_bank_account_complete (const char *bik,
                                const char *account)
{
  static const guint weights[] = { 7, 1, 3 };
  char               digits[24];
  guint              sum = 0;
  char              *result;

  g_return_val_if_fail (bik != NULL && is_digits (bik, 9), NULL);
  g_return_val_if_fail (account != NULL && is_digits (account, 20), NULL);

  /* The Bank of Russia's control key: the last three digits of the BIK
   * then the account, weights 7 1 3 repeated; the sum of the last digits
   * of the products must end in 0. The key is the account's 9th digit. */
  memcpy (digits, bik + 6, 3);
  memcpy (digits + 3, account, 20);
  digits[3 + 8] = '0';
  digits[23] = '\0';

  for (guint i = 0; i < 23; i++)
    sum += (guint) (digits[i] - '0') * weights[i % 3] % 10;

  result = g_strdup (account);
  /* The key's weight is 3 (position 11); 3 × 7 ≡ 1 (mod 10). */
  result[8] = (char) ('0' + (10 - sum % 10) % 10 * 7 % 10);

  return result;
}

/* ---- The synthetic generator -------------------------------------------- */

/* Rows are sent to the server in chunks of about this many bytes. */
#define GEN_CHUNK_SIZE (1024 * 1024)

typedef struct
{
  GRand     *rand;
  GPtrArray *surnames_female;     /* feminine forms of gen_surnames */
  GPtrArray *surnames_male_latin; /* transliterated */
  GPtrArray *surnames_female_latin;
  GPtrArray *male_names_latin;
  GPtrArray *female_names_latin;
  /* Per tax office (all cities' offices one after another): how many
   * INNs were issued, so that every INN is different. */
  guint     *office_counters;
  guint      office_offsets[G_N_ELEMENTS (gen_cities)];
  gint64    *employee_ids;
  guint      n_employees;
} Gen;

typedef struct
{
  gint64 id;
  gint64 owner_id;
  guint  city;
  char  *phone;
  char  *domain; /* NULL: an individual entrepreneur without a site */
} GenAccount;

/* Иванов → Иванова, Вишневский → Вишневская, Толстой → Толстая;
 * Шевченко → Шевченко. */
static char *
feminine_surname (const char *surname)
{
  static const char *const plus_a[] = { "ов", "ев", "ёв", "ин", "ын" };

  if (g_str_has_suffix (surname, "ий") || g_str_has_suffix (surname, "ой"))
    {
      gsize stem = strlen (surname) - strlen ("ий");

      return g_strdup_printf ("%.*sая", (int) stem, surname);
    }

  for (guint i = 0; i < G_N_ELEMENTS (plus_a); i++)
    {
      if (g_str_has_suffix (surname, plus_a[i]))
        return g_strconcat (surname, "а", NULL);
    }

  return g_strdup (surname);
}

/* "Северный ветер" → "severnyy-veter": a domain label. */
static char *
domain_label (const char *text)
{
  g_autofree char *latin = crm_demo_transliterate (text);
  GString         *out = g_string_sized_new (strlen (latin));

  for (const char *p = latin; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static GPtrArray *
latin_names (const char *const *names,
             guint              n_names)
{
  GPtrArray *out = g_ptr_array_new_full (n_names, g_free);

  for (guint i = 0; i < n_names; i++)
    g_ptr_array_add (out, crm_demo_transliterate (names[i]));

  return out;
}

static void
gen_init (Gen    *gen,
          gint64 *employee_ids,
          guint   n_employees)
{
  guint n_offices = 0;

  gen->rand = g_rand_new_with_seed (CRM_DEMO_SEED);
  gen->surnames_female = g_ptr_array_new_full (G_N_ELEMENTS (gen_surnames), g_free);
  for (guint i = 0; i < G_N_ELEMENTS (gen_surnames); i++)
    g_ptr_array_add (gen->surnames_female, feminine_surname (gen_surnames[i]));
  gen->surnames_male_latin = latin_names (gen_surnames, G_N_ELEMENTS (gen_surnames));
  gen->surnames_female_latin = latin_names ((const char *const *) gen->surnames_female->pdata,
                                            gen->surnames_female->len);
  gen->female_names_latin = latin_names (gen_female_names, G_N_ELEMENTS (gen_female_names));
  gen->male_names_latin = g_ptr_array_new_full (G_N_ELEMENTS (gen_male_names), g_free);
  for (guint i = 0; i < G_N_ELEMENTS (gen_male_names); i++)
    g_ptr_array_add (gen->male_names_latin, crm_demo_transliterate (gen_male_names[i].name));

  for (guint i = 0; i < G_N_ELEMENTS (gen_cities); i++)
    {
      gen->office_offsets[i] = n_offices;
      n_offices += (strlen (gen_cities[i].tax_offices) + 1) / 5;
    }
  gen->office_counters = g_new0 (guint, n_offices);
  gen->employee_ids = employee_ids;
  gen->n_employees = n_employees;
}

static void
gen_clear (Gen *gen)
{
  g_clear_pointer (&gen->rand, g_rand_free);
  g_clear_pointer (&gen->surnames_female, g_ptr_array_unref);
  g_clear_pointer (&gen->surnames_male_latin, g_ptr_array_unref);
  g_clear_pointer (&gen->surnames_female_latin, g_ptr_array_unref);
  g_clear_pointer (&gen->male_names_latin, g_ptr_array_unref);
  g_clear_pointer (&gen->female_names_latin, g_ptr_array_unref);
  g_clear_pointer (&gen->office_counters, g_free);
}

static void
gen_account_clear (gpointer data)
{
  GenAccount *account = data;

  g_free (account->phone);
  g_free (account->domain);
}

static guint
gen_index (Gen  *gen,
           guint n)
{
  return (guint) g_rand_int_range (gen->rand, 0, (gint32) n);
}

static guint
gen_number (Gen  *gen,
            guint low,
            guint high)
{
  return (guint) g_rand_int_range (gen->rand, (gint32) low, (gint32) high + 1);
}

static gboolean
gen_chance (Gen  *gen,
            guint percent)
{
  return gen_index (gen, 100) < percent;
}

static const char *
gen_weighted (Gen               *gen,
              const GenWeighted *table,
              guint              n)
{
  guint total = 0;
  guint pick;

  for (guint i = 0; i < n; i++)
    total += table[i].weight;

  pick = gen_index (gen, total);
  for (guint i = 0; i < n; i++)
    {
      if (pick < table[i].weight)
        return table[i].value;
      pick -= table[i].weight;
    }

  g_assert_not_reached ();
}

#define GEN_WEIGHTED(gen, table) gen_weighted ((gen), (table), G_N_ELEMENTS (table))
#define GEN_PICK(gen, table)     ((table)[gen_index ((gen), G_N_ELEMENTS (table))])

static guint
gen_city (Gen *gen)
{
  guint total = 0;
  guint pick;

  for (guint i = 0; i < G_N_ELEMENTS (gen_cities); i++)
    total += gen_cities[i].weight;

  pick = gen_index (gen, total);
  for (guint i = 0; i < G_N_ELEMENTS (gen_cities); i++)
    {
      if (pick < gen_cities[i].weight)
        return i;
      pick -= gen_cities[i].weight;
    }

  g_assert_not_reached ();
}

typedef struct
{
  gboolean    female;
  const char *last_name;
  const char *first_name;
  const char *middle_name;
  const char *last_latin;
  const char *first_latin;
} GenPerson;

static void
gen_person (Gen       *gen,
            gboolean   female,
            GenPerson *person)
{
  guint surname = gen_index (gen, G_N_ELEMENTS (gen_surnames));
  guint father = gen_index (gen, G_N_ELEMENTS (gen_male_names));

  person->female = female;
  if (female)
    {
      guint name = gen_index (gen, G_N_ELEMENTS (gen_female_names));

      person->last_name = g_ptr_array_index (gen->surnames_female, surname);
      person->last_latin = g_ptr_array_index (gen->surnames_female_latin, surname);
      person->first_name = gen_female_names[name];
      person->first_latin = g_ptr_array_index (gen->female_names_latin, name);
      person->middle_name = gen_male_names[father].patronymic_female;
    }
  else
    {
      guint name = gen_index (gen, G_N_ELEMENTS (gen_male_names));

      person->last_name = gen_surnames[surname];
      person->last_latin = g_ptr_array_index (gen->surnames_male_latin, surname);
      person->first_name = gen_male_names[name].name;
      person->first_latin = g_ptr_array_index (gen->male_names_latin, name);
      person->middle_name = gen_male_names[father].patronymic_male;
    }
}

static char *
gen_person_full_name (const GenPerson *person)
{
  return g_strjoin (" ", person->last_name, person->first_name, person->middle_name, NULL);
}

/* "Фамилия И. О." */
static char *
gen_person_short_name (const GenPerson *person)
{
  const char *first_end = g_utf8_next_char (person->first_name);
  const char *middle_end = g_utf8_next_char (person->middle_name);

  return g_strdup_printf ("%s %.*s. %.*s.", person->last_name,
                          (int) (first_end - person->first_name), person->first_name,
                          (int) (middle_end - person->middle_name), person->middle_name);
}

static char *
gen_city_phone (Gen        *gen,
                const char *area_code)
{
  guint    n_digits = 10 - strlen (area_code);
  GString *phone = g_string_new ("+7");

  g_string_append (phone, area_code);
  g_string_append_c (phone, (char) ('0' + gen_number (gen, 2, 9)));
  for (guint i = 1; i < n_digits; i++)
    g_string_append_c (phone, (char) ('0' + gen_index (gen, 10)));

  return g_string_free (phone, FALSE);
}

/* Several draws in one argument list would be made in an order the
 * compiler chooses: every draw gets a statement of its own. */
static char *
gen_mobile_phone (Gen *gen)
{
  const char *code = GEN_PICK (gen, gen_mobile_codes);
  guint       number = gen_index (gen, 10000000);

  return g_strdup_printf ("+7%s%07u", code, number);
}

static char *
gen_address (Gen           *gen,
             const GenCity *city)
{
  guint       postcode = city->postcode + gen_index (gen, city->n_postcodes);
  const char *street = GEN_PICK (gen, gen_streets);
  guint       house = gen_number (gen, 1, 180);

  if (gen_chance (gen, 70))
    return g_strdup_printf ("%06u, г. %s, %s, д. %u, оф. %u", postcode,
                            city->name, street, house, gen_number (gen, 1, 640));

  return g_strdup_printf ("%06u, г. %s, %s, д. %u, стр. %u", postcode,
                          city->name, street, house, gen_number (gen, 1, 9));
}

/* «Северный ветер», «АвиаТурСервис», «Волна-Тур», «Казань Трэвел». */
static char *
gen_brand (Gen           *gen,
           const GenCity *city)
{
  guint pattern = gen_index (gen, 100);

  if (pattern < 40)
    {
      const GenAdjective *adjective = &GEN_PICK (gen, gen_adjectives);
      const GenNoun      *noun = &GEN_PICK (gen, gen_nouns);
      const char         *form = noun->gender == GEN_M   ? adjective->m
                                 : noun->gender == GEN_F ? adjective->f
                                                         : adjective->n;

      return g_strdup_printf ("%s %s", form, noun->word);
    }
  else if (pattern < 70)
    {
      const char *head = GEN_PICK (gen, gen_name_heads);
      const char *tail = GEN_PICK (gen, gen_name_tails);

      if (gen_chance (gen, 30))
        return g_strconcat (head, GEN_PICK (gen, gen_name_heads), tail, NULL);
      return g_strconcat (head, tail, NULL);
    }
  else if (pattern < 85)
    {
      const GenNoun   *noun = &GEN_PICK (gen, gen_nouns);
      g_autofree char *word = g_utf8_strup (noun->word, -1);
      const char      *rest = g_utf8_next_char (noun->word);

      /* Capitalise: the first letter of the upper-case copy, then the rest. */
      return g_strdup_printf ("%.*s%s%s", (int) (g_utf8_next_char (word) - word), word,
                              rest, GEN_PICK (gen, gen_name_suffixes));
    }

  return g_strconcat (city->name, GEN_PICK (gen, gen_name_suffixes), NULL);
}

/* A new INN of a tax office of @city, with OGRN and KPP to match. For an
 * individual entrepreneur: a 12-digit INN, a 15-digit OGRNIP, no KPP. */
static void
gen_requisites (Gen     *gen,
                guint    city_index,
                gboolean entrepreneur,
                char   **inn,
                char   **kpp,
                char   **ogrn)
{
  const GenCity   *city = &gen_cities[city_index];
  guint            n_offices = (strlen (city->tax_offices) + 1) / 5;
  guint            office = gen_index (gen, n_offices);
  const char      *code = city->tax_offices + office * 5;
  guint64          serial = gen->office_counters[gen->office_offsets[city_index] + office]++;
  guint64          start = g_ascii_strtoull (code, NULL, 10) * 7727 + 4241;
  /* Steps coprime with 10^6 spread an office's serials over the number
   * range without repeating one (up to 10^5 companies per office); the
   * start differs per office. */
  guint            number = (guint) ((serial * 7919 + start) % 1000000);
  guint            record = (guint) ((serial * 3571 + start * 13) % 1000000);
  guint            year = gen_number (gen, 2, 23);
  g_autofree char *inn_prefix = NULL;
  g_autofree char *ogrn_prefix = NULL;

  if (entrepreneur)
    {
      inn_prefix = g_strdup_printf ("%.4s%06u", code, number);
      ogrn_prefix = g_strdup_printf ("3%02u%.2s%03u%06u", year, code, record % 1000, number);
      *kpp = NULL;
    }
  else
    {
      inn_prefix = g_strdup_printf ("%.4s%05u", code, number % 100000);
      ogrn_prefix = g_strdup_printf ("1%02u%.4s%05u", year, code, record % 100000);
      *kpp = g_strdup_printf ("%.4s01001", code);
    }

  *inn = crm_inn_complete (inn_prefix);
  *ogrn = crm_demo_ogrn_complete (ogrn_prefix);
}

static char *
gen_bank_account (Gen        *gen,
                  const char *bik,
                  gboolean    entrepreneur)
{
  guint            branch = gen_index (gen, 10000);
  guint            number = gen_index (gen, 10000000);
  g_autofree char *account = NULL;

  /* 40702 legal entity, 40802 entrepreneur; 810 roubles; the key (0 for
   * now); branch and number. */
  account = g_strdup_printf ("%s8100%04u%07u", entrepreneur ? "40802" : "40702",
                             branch, number);
  return crm_demo_bank_account_complete (bik, account);
}

/* Send what @chunk holds, unless @cancellable says stop: then end the
 * COPY with an error (the caller rolls back). */
static void
flush_chunk (PGconn       *conn,
             GString      *chunk,
             GCancellable *cancellable,
             gboolean     *ok,
             GError      **error)
{
  if (*ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      PGresult *res;

      *ok = FALSE;
      if (PQputCopyEnd (conn, "cancelled") == 1)
        {
          while ((res = PQgetResult (conn)) != NULL)
            PQclear (res);
        }
    }

  if (*ok && chunk->len > 0)
    *ok = _crm_store_copy_put (conn, chunk->str, chunk->len, error);
  g_string_truncate (chunk, 0);
}

static void
report_progress (CrmDemoProgressFunc progress,
                 gpointer            user_data,
                 guint64             done,
                 guint64             total)
{
  if (progress != NULL)
    progress (done, total, user_data);
}

static gboolean
gen_copy_accounts (Gen                *gen,
                   PGconn             *conn,
                   GArray             *accounts,
                   gint64              code_base,
                   guint64             total,
                   CrmDemoProgressFunc progress,
                   gpointer            user_data,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr (GString) chunk = g_string_sized_new (GEN_CHUNK_SIZE + 4096);
  gboolean ok = TRUE;

  if (!_crm_store_copy_begin (conn, copy_accounts_sql, error))
    return FALSE;

  for (guint i = 0; i < accounts->len && ok; i++)
    {
      GenAccount      *account = &g_array_index (accounts, GenAccount, i);
      guint            city_index = gen_city (gen);
      const GenCity   *city = &gen_cities[city_index];
      gboolean         entrepreneur = gen_chance (gen, 13);
      const char      *type = GEN_WEIGHTED (gen, gen_account_types);
      const char      *status = GEN_WEIGHTED (gen, gen_account_statuses);
      const char      *size = entrepreneur ? "small" : GEN_WEIGHTED (gen, gen_size_groups);
      const char      *industry = g_str_equal (type, "client") ? GEN_PICK (gen, gen_client_industries)
                                                               : GEN_PICK (gen, gen_travel_industries);
      const DemoBank  *bank = &demo_banks[gen_chance (gen, 60) ? city->local_bank
                                                               : gen_index (gen, BANK_N_FEDERAL)];
      g_autofree char *code = g_strdup_printf ("КА-%06" G_GINT64_FORMAT, code_base + i + 1);
      g_autofree char *name = NULL;
      g_autofree char *full_name = NULL;
      g_autofree char *director = NULL;
      g_autofree char *accountant = NULL;
      g_autofree char *email = NULL;
      g_autofree char *website = NULL;
      g_autofree char *inn = NULL;
      g_autofree char *kpp = NULL;
      g_autofree char *ogrn = NULL;
      g_autofree char *legal_address = NULL;
      g_autofree char *actual_address = NULL;
      g_autofree char *bank_account = NULL;
      g_autofree char *owner_id = NULL;
      GenPerson        head;

      account->city = city_index;
      account->owner_id = gen->n_employees > 0
                              ? gen->employee_ids[gen_index (gen, gen->n_employees)]
                              : 0;
      gen_person (gen, gen_chance (gen, 35), &head);
      director = gen_person_full_name (&head);

      if (entrepreneur)
        {
          g_autofree char *short_name = gen_person_short_name (&head);

          name = g_strconcat ("ИП ", short_name, NULL);
          full_name = g_strconcat ("Индивидуальный предприниматель ", director, NULL);
          email = g_strdup_printf ("%s.%s@%s", head.last_latin, head.first_latin,
                                   GEN_PICK (gen, gen_mail_domains));
        }
      else
        {
          GenPerson        bookkeeper;
          g_autofree char *label = NULL;

          name = gen_brand (gen, city);
          full_name = g_strdup_printf ("%s «%s»", gen_chance (gen, 85) ? "ООО" : "АО", name);
          gen_person (gen, gen_chance (gen, 80), &bookkeeper);
          accountant = gen_person_full_name (&bookkeeper);
          label = domain_label (name);
          account->domain = g_strconcat (label, ".ru", NULL);
          email = g_strdup_printf ("%s@%s", GEN_PICK (gen, gen_mailboxes), account->domain);
          website = g_strconcat ("https://", account->domain, NULL);
        }

      gen_requisites (gen, city_index, entrepreneur, &inn, &kpp, &ogrn);
      legal_address = gen_address (gen, city);
      actual_address = gen_chance (gen, 75) ? g_strdup (legal_address) : gen_address (gen, city);
      account->phone = gen_city_phone (gen, city->area_code);
      bank_account = gen_bank_account (gen, bank->bik, entrepreneur);
      if (account->owner_id != 0)
        owner_id = int64_to_text (account->owner_id);

      /* One line of COPY text (a field after a newline starts a row). */
      _crm_store_copy_append_field (chunk, code);
      _crm_store_copy_append_field (chunk, name);
      _crm_store_copy_append_field (chunk, full_name);
      _crm_store_copy_append_field (chunk, inn);
      _crm_store_copy_append_field (chunk, kpp);
      _crm_store_copy_append_field (chunk, ogrn);
      _crm_store_copy_append_field (chunk, size);
      _crm_store_copy_append_field (chunk, type);
      _crm_store_copy_append_field (chunk, status);
      _crm_store_copy_append_field (chunk, city->region);
      _crm_store_copy_append_field (chunk, industry);
      _crm_store_copy_append_field (chunk, city->name);
      _crm_store_copy_append_field (chunk, director);
      _crm_store_copy_append_field (chunk, accountant);
      _crm_store_copy_append_field (chunk, legal_address);
      _crm_store_copy_append_field (chunk, actual_address);
      _crm_store_copy_append_field (chunk, account->phone);
      _crm_store_copy_append_field (chunk, email);
      _crm_store_copy_append_field (chunk, website);
      _crm_store_copy_append_field (chunk, bank->name);
      _crm_store_copy_append_field (chunk, bank->bik);
      _crm_store_copy_append_field (chunk, bank_account);
      _crm_store_copy_append_field (chunk, bank->corr_account);
      _crm_store_copy_append_field (chunk, gen_chance (gen, 60) ? "t" : "f");
      _crm_store_copy_append_field (chunk, owner_id);
      g_string_append_c (chunk, '\n');

      if (chunk->len >= GEN_CHUNK_SIZE)
        {
          flush_chunk (conn, chunk, cancellable, &ok, error);
          report_progress (progress, user_data, i + 1, total);
        }
    }

  flush_chunk (conn, chunk, cancellable, &ok, error);
  if (!ok)
    {
      /* The failed put ended the COPY; the caller rolls back. */
      return FALSE;
    }

  return _crm_store_copy_end (conn, error);
}

static gboolean
gen_copy_contacts (Gen                *gen,
                   PGconn             *conn,
                   GArray             *accounts,
                   guint               n_contacts,
                   gint64              code_base,
                   guint64             total,
                   CrmDemoProgressFunc progress,
                   gpointer            user_data,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr (GString) chunk = g_string_sized_new (GEN_CHUNK_SIZE + 4096);
  gboolean ok = TRUE;

  if (!_crm_store_copy_begin (conn, copy_contacts_sql, error))
    return FALSE;

  for (guint i = 0; i < n_contacts && ok; i++)
    {
      const GenAccount *account = &g_array_index (accounts, GenAccount, gen_index (gen, accounts->len));
      const GenCity    *city = &gen_cities[gen_chance (gen, 85) ? account->city : gen_city (gen)];
      const char       *position = GEN_WEIGHTED (gen, gen_positions);
      const char       *status = GEN_WEIGHTED (gen, gen_contact_statuses);
      g_autofree char  *code = g_strdup_printf ("КТ-%07" G_GINT64_FORMAT, code_base + i + 1);
      g_autofree char  *account_id = int64_to_text (account->id);
      g_autofree char  *owner_id = NULL;
      g_autofree char  *mobile = NULL;
      g_autofree char  *work = NULL;
      g_autofree char  *email = NULL;
      g_autofree char  *birthday = NULL;
      GenPerson         person;

      gen_person (gen, g_rand_boolean (gen->rand), &person);

      if (gen_chance (gen, 95))
        mobile = gen_mobile_phone (gen);

      if (gen_chance (gen, 50))
        {
          if (gen_chance (gen, 30))
            work = g_strdup_printf ("%s;ext=%u", account->phone, gen_number (gen, 10, 999));
          else
            work = g_strdup (account->phone);
        }

      if (gen_chance (gen, 90))
        {
          const char *domain = account->domain != NULL && gen_chance (gen, 60)
                                   ? account->domain
                                   : GEN_PICK (gen, gen_mail_domains);

          switch (gen_index (gen, 4))
            {
            case 0:
              email = g_strdup_printf ("%s.%s@%s", person.last_latin, person.first_latin, domain);
              break;
            case 1:
              email = g_strdup_printf ("%c.%s@%s", person.first_latin[0], person.last_latin, domain);
              break;
            case 2:
              email = g_strdup_printf ("%s.%s@%s", person.first_latin, person.last_latin, domain);
              break;
            default:
              email = g_strdup_printf ("%s%02u@%s", person.last_latin, gen_index (gen, 100), domain);
              break;
            }
        }

      if (gen_chance (gen, 50))
        {
          guint year = gen_number (gen, 1955, 2003);
          guint month = gen_number (gen, 1, 12);
          guint day = gen_number (gen, 1, 28);

          birthday = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
        }

      if (account->owner_id != 0)
        owner_id = int64_to_text (account->owner_id);

      /* One line of COPY text (a field after a newline starts a row). */
      _crm_store_copy_append_field (chunk, code);
      _crm_store_copy_append_field (chunk, person.last_name);
      _crm_store_copy_append_field (chunk, person.first_name);
      _crm_store_copy_append_field (chunk, person.middle_name);
      _crm_store_copy_append_field (chunk, account_id);
      _crm_store_copy_append_field (chunk, position);
      _crm_store_copy_append_field (chunk, person.female ? "female" : "male");
      _crm_store_copy_append_field (chunk, mobile);
      _crm_store_copy_append_field (chunk, work);
      _crm_store_copy_append_field (chunk, email);
      _crm_store_copy_append_field (chunk, status);
      _crm_store_copy_append_field (chunk, city->name);
      _crm_store_copy_append_field (chunk, birthday);
      _crm_store_copy_append_field (chunk, owner_id);
      g_string_append_c (chunk, '\n');

      if (chunk->len >= GEN_CHUNK_SIZE)
        {
          flush_chunk (conn, chunk, cancellable, &ok, error);
          report_progress (progress, user_data, accounts->len + i + 1, total);
        }
    }

  flush_chunk (conn, chunk, cancellable, &ok, error);
  if (!ok)
    return FALSE;

  return _crm_store_copy_end (conn, error);
}

/* Our employees, or the demo staff when there are none. */
static gboolean
gen_employees (PGconn  *conn,
               GArray  *ids,
               GError **error)
{
  g_autoptr (CrmDemoResult) res = NULL;

  res = _crm_store_exec (conn, list_employees_sql, 0, NULL, FALSE, error);
  if (res == NULL)
    return FALSE;

  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      g_array_append_val (ids, id);
    }

  if (ids->len == 0)
    {
      gint64 demo_ids[N_EMPLOYEES];

      if (!ensure_demo_employees (conn, demo_ids, error))
        return FALSE;
      g_array_append_vals (ids, demo_ids, N_EMPLOYEES);
    }

  return TRUE;
}

static gboolean
gen_read_account_ids (PGconn  *conn,
                      gint64   after,
                      GArray  *accounts,
                      GError **error)
{
  g_autoptr (CrmDemoResult) res = NULL;
  g_autofree char *after_text = int64_to_text (after);
  const char      *params[] = { after_text };

  res = _crm_store_exec (conn, new_account_ids_sql, 1, params, FALSE, error);
  if (res == NULL)
    return FALSE;

  if ((guint) PQntuples (res) != accounts->len)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_FAILED,
                   _ ("Expected %u new accounts, found %d"), accounts->len, PQntuples (res));
      return FALSE;
    }

  for (guint i = 0; i < accounts->len; i++)
    g_array_index (accounts, GenAccount, i).id = g_ascii_strtoll (PQgetvalue (res, (int) i, 0), NULL, 10);

  return TRUE;
}

gboolean
crm_demo_generate (PGconn             *conn,
                   guint               n_contacts,
                   CrmDemoProgressFunc progress,
                   gpointer            user_data,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr (GArray) employee_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) accounts = NULL;
  guint    n_accounts = MAX (n_contacts / 10, 1);
  guint64  total = (guint64) n_accounts + n_contacts;
  gint64   max_account_id = 0;
  gint64   max_contact_id = 0;
  Gen      gen = { 0 };
  gboolean ok;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (n_contacts > 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  accounts = g_array_sized_new (FALSE, TRUE, sizeof (GenAccount), n_accounts);
  g_array_set_clear_func (accounts, gen_account_clear);
  g_array_set_size (accounts, n_accounts);

  if (!begin_transaction (conn, error))
    return FALSE;

  ok = _crm_store_exec_command (conn, lock_sql, error) &&
       gen_employees (conn, employee_ids, error) &&
       query_int64 (conn, max_account_id_sql, 0, NULL, &max_account_id, error) &&
       query_int64 (conn, max_contact_id_sql, 0, NULL, &max_contact_id, error);

  if (ok)
    {
      g_autoptr (GTimer) timer = g_timer_new ();

      gen_init (&gen, (gint64 *) (gpointer) employee_ids->data, employee_ids->len);
      ok = gen_copy_accounts (&gen, conn, accounts, max_account_id, total,
                              progress, user_data, cancellable, error) &&
           gen_read_account_ids (conn, max_account_id, accounts, error);
      g_debug ("Generated data: %u accounts in %.1f s", n_accounts, g_timer_elapsed (timer, NULL));

      g_timer_start (timer);
      ok = ok &&
           gen_copy_contacts (&gen, conn, accounts, n_contacts, max_contact_id, total,
                              progress, user_data, cancellable, error);
      g_debug ("Generated data: %u contacts in %.1f s", n_contacts, g_timer_elapsed (timer, NULL));

      g_timer_start (timer);
      ok = ok && _crm_store_exec_command (conn, "COMMIT", error);
      g_debug ("Generated data: committed in %.1f s", g_timer_elapsed (timer, NULL));
      gen_clear (&gen);
    }

  if (!ok)
    {
      g_prefix_error (error, _ ("Could not generate the data: "));
      rollback (conn);
      return FALSE;
    }

  report_progress (progress, user_data, total, total);

  /* Fresh statistics, so that the planner knows the tables' new sizes
   * (a benchmark runs next). A failure here loses nothing. */
  {
    g_autoptr (GError) analyze_error = NULL;

    if (!_crm_store_exec_command (conn, "ANALYZE rapport.accounts, rapport.contacts",
                                  &analyze_error))
      g_debug ("Generated data: ANALYZE failed: %s", analyze_error->message);
  }

  return TRUE;
}
