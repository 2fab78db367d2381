/* crm-demo-generator.c — synthetic data sets of any size
 *
 * crm_demo_generate() adds companies and people drawn from the word lists
 * below with a GRand seeded with CRM_DEMO_SEED, so that a given size
 * always gives the same rows, and writes them with COPY. Their
 * requisites have valid check digits (crm_inn_complete and the value
 * helpers of crm-demo.c); their banks are the demo data's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-demo-private.h"
#include "crm-requisites.h"
#include "crm-search.h"
#include "crm-store-private.h"

/* Rows are sent to the server in chunks of about this many bytes. */
#define GEN_CHUNK_SIZE (1024 * 1024)

/* ---- Word lists --------------------------------------------------------- */

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
  CrmDemoBankId  local_bank;
  guint       weight; /* how often the city is drawn */
} GenCity;

static const GenCity gen_cities[] = {
  { "Москва", "г. Москва", "495", 101000, 28000,
    "7701 7702 7703 7704 7705 7706 7707 7708 7709 7710 7713 7714 7715 7716 "
    "7717 7718 7719 7720 7721 7722 7723 7724 7725 7726 7727 7728 7729 7730 "
    "7731 7733 7734 7735 7736 7743 7751", CRM_DEMO_BANK_SBER, 30 },
  { "Санкт-Петербург", "г. Санкт-Петербург", "812", 190000, 9000,
    "7801 7802 7804 7805 7806 7807 7810 7811 7813 7814 7816 7817 7819 7820 "
    "7825 7838 7840 7842", CRM_DEMO_BANK_SBER_SPB, 14 },
  { "Казань", "Республика Татарстан", "843", 420000, 140,
    "1655 1656 1657 1658 1659 1660 1661", CRM_DEMO_BANK_SBER_KZN, 5 },
  { "Новосибирск", "Новосибирская область", "383", 630000, 130,
    "5401 5402 5403 5404 5405 5406 5407 5408 5409 5410", CRM_DEMO_BANK_SBER_NSK, 5 },
  { "Екатеринбург", "Свердловская область", "343", 620000, 150,
    "6658 6659 6660 6661 6662 6670 6671 6672 6679 6685 6686", CRM_DEMO_BANK_SBER_EKB, 5 },
  { "Нижний Новгород", "Нижегородская область", "831", 603000, 160,
    "5256 5257 5258 5259 5260 5261 5262 5263", CRM_DEMO_BANK_SBER_NN, 4 },
  { "Самара", "Самарская область", "846", 443000, 130,
    "6311 6312 6313 6314 6315 6316 6317 6318 6319", CRM_DEMO_BANK_SBER_SMR, 4 },
  { "Краснодар", "Краснодарский край", "861", 350000, 90,
    "2308 2309 2310 2311 2312", CRM_DEMO_BANK_SBER_KRD, 4 },
  { "Сочи", "Краснодарский край", "862", 354000, 70,
    "2317 2318 2319 2320", CRM_DEMO_BANK_SBER_KRD, 3 },
  { "Владивосток", "Приморский край", "423", 690000, 110,
    "2536 2537 2538 2539 2540 2543", CRM_DEMO_BANK_SBER_DV, 2 },
  { "Хабаровск", "Хабаровский край", "4212", 680000, 50,
    "2721 2722 2723 2724", CRM_DEMO_BANK_SBER_DV, 2 },
  { "Ростов-на-Дону", "Ростовская область", "863", 344000, 120,
    "6161 6162 6163 6164 6165 6166 6167 6168", CRM_DEMO_BANK_SBER_ROS, 4 },
  { "Волгоград", "Волгоградская область", "8442", 400000, 140,
    "3441 3442 3443 3444 3445 3446 3447 3448 3459 3460", CRM_DEMO_BANK_SBER_ROS, 3 },
  { "Уфа", "Республика Башкортостан", "347", 450000, 110,
    "0272 0273 0274 0275 0276 0277 0278", CRM_DEMO_BANK_SBER_SMR, 3 },
  { "Пермь", "Пермский край", "342", 614000, 110,
    "5902 5903 5904 5905 5906 5907 5908", CRM_DEMO_BANK_SBER_EKB, 3 },
  { "Челябинск", "Челябинская область", "351", 454000, 140,
    "7447 7448 7449 7450 7451 7452 7453", CRM_DEMO_BANK_SBER_EKB, 3 },
  { "Тюмень", "Тюменская область", "3452", 625000, 60,
    "7202 7203 7204", CRM_DEMO_BANK_SBER_EKB, 2 },
  { "Омск", "Омская область", "3812", 644000, 125,
    "5501 5503 5504 5505 5506 5507", CRM_DEMO_BANK_SBER_NSK, 2 },
  { "Красноярск", "Красноярский край", "391", 660000, 135,
    "2460 2461 2462 2463 2464 2465 2466", CRM_DEMO_BANK_SBER_NSK, 3 },
  { "Иркутск", "Иркутская область", "3952", 664000, 80,
    "3808 3809 3810 3811 3812", CRM_DEMO_BANK_SBER_NSK, 2 },
  { "Воронеж", "Воронежская область", "473", 394000, 90,
    "3661 3662 3663 3664 3665 3666", CRM_DEMO_BANK_SBER, 3 },
  { "Саратов", "Саратовская область", "8452", 410000, 80,
    "6450 6451 6452 6453 6454 6455", CRM_DEMO_BANK_SBER_SMR, 2 },
  { "Ярославль", "Ярославская область", "4852", 150000, 65,
    "7602 7603 7604 7606", CRM_DEMO_BANK_SBER, 2 },
  { "Тула", "Тульская область", "4872", 300000, 60,
    "7104 7105 7106 7107", CRM_DEMO_BANK_SBER, 2 },
  { "Калининград", "Калининградская область", "4012", 236000, 45,
    "3904 3905 3906 3907", CRM_DEMO_BANK_SBER_SPB, 2 },
  { "Мурманск", "Мурманская область", "8152", 183000, 55,
    "5190 5191 5193", CRM_DEMO_BANK_SBER_SPB, 1 },
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

static const char list_employees_sql[] =
    "SELECT id FROM rapport.employees WHERE active ORDER BY id";

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
    " bank_bik, bank_account, bank_corr_account, confirmed, owner_id,"
    " search_name, search_text) FROM STDIN";

static const char copy_contacts_sql[] =
    "COPY rapport.contacts (code, last_name, first_name, middle_name,"
    " account_id, position, gender, phone_mobile, phone_work, email, status,"
    " city, birthday, owner_id, search_name, search_text) FROM STDIN";

/* ---- The generator ------------------------------------------------------ */

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
  char  *name;
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

  g_free (account->name);
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
      GenAccount        *account = &g_array_index (accounts, GenAccount, i);
      guint              city_index = gen_city (gen);
      const GenCity     *city = &gen_cities[city_index];
      gboolean           entrepreneur = gen_chance (gen, 13);
      const char        *type = GEN_WEIGHTED (gen, gen_account_types);
      const char        *status = GEN_WEIGHTED (gen, gen_account_statuses);
      const char        *size = entrepreneur ? "small" : GEN_WEIGHTED (gen, gen_size_groups);
      const char        *industry = g_str_equal (type, "client") ? GEN_PICK (gen, gen_client_industries)
                                                                 : GEN_PICK (gen, gen_travel_industries);
      const CrmDemoBank *bank = &_crm_demo_banks[gen_chance (gen, 60) ? city->local_bank
                                                                      : gen_index (gen, CRM_DEMO_BANK_N_FEDERAL)];
      g_autofree char   *code = g_strdup_printf ("КА-%06" G_GINT64_FORMAT, code_base + i + 1);
      g_autofree char   *name = NULL;
      g_autofree char   *full_name = NULL;
      g_autofree char   *director = NULL;
      g_autofree char   *accountant = NULL;
      g_autofree char   *email = NULL;
      g_autofree char   *website = NULL;
      g_autofree char   *inn = NULL;
      g_autofree char   *kpp = NULL;
      g_autofree char   *ogrn = NULL;
      g_autofree char   *legal_address = NULL;
      g_autofree char   *actual_address = NULL;
      g_autofree char   *bank_account = NULL;
      g_autofree char   *owner_id = NULL;
      GenPerson          head;

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
        owner_id = _crm_demo_int64_to_text (account->owner_id);

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
      /* The search columns as rapport.accounts_search() makes them, so
       * that the rows go in without it (0005-import-speed.sql). */
      {
        g_autofree char *digits = crm_search_phone_digits (account->phone);
        const char      *parts[] = { name, full_name, code, inn, ogrn, city->name, email, NULL, website, digits, "" };
        g_autofree char *search_name = crm_search_normalize (name);
        g_autofree char *search_text = crm_search_join (parts, G_N_ELEMENTS (parts));

        _crm_store_copy_append_field (chunk, search_name);
        _crm_store_copy_append_field (chunk, search_text);
      }
      g_string_append_c (chunk, '\n');
      account->name = g_strdup (name);

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
      g_autofree char  *account_id = _crm_demo_int64_to_text (account->id);
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
        owner_id = _crm_demo_int64_to_text (account->owner_id);

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
      /* As rapport.contacts_search() makes them, the account's name last. */
      {
        g_autofree char *mobile_digits = crm_search_phone_digits (mobile);
        g_autofree char *work_digits = crm_search_phone_digits (work);
        const char      *name_parts[] = { person.last_name, person.first_name, person.middle_name };
        const char      *parts[] = { person.last_name, person.first_name, person.middle_name, code, city->name, email,
                                     NULL, NULL, mobile_digits, work_digits, "", "", account->name };
        g_autofree char *search_name = crm_search_join (name_parts, G_N_ELEMENTS (name_parts));
        g_autofree char *search_text = crm_search_join (parts, G_N_ELEMENTS (parts));

        _crm_store_copy_append_field (chunk, search_name);
        _crm_store_copy_append_field (chunk, search_text);
      }
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
      gint64 demo_ids[CRM_DEMO_N_EMPLOYEES];

      if (!_crm_demo_ensure_employees (conn, demo_ids, error))
        return FALSE;
      g_array_append_vals (ids, demo_ids, CRM_DEMO_N_EMPLOYEES);
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
  g_autofree char *after_text = _crm_demo_int64_to_text (after);
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
  gboolean aside = FALSE;
  gboolean ok;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (n_contacts > 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  accounts = g_array_sized_new (FALSE, TRUE, sizeof (GenAccount), n_accounts);
  g_array_set_clear_func (accounts, gen_account_clear);
  g_array_set_size (accounts, n_accounts);

  if (!_crm_demo_begin_transaction (conn, error))
    return FALSE;

  ok = _crm_demo_lock_tables (conn, error) &&
       _crm_store_set_indexes_aside (conn, "accounts", n_accounts, &aside, error) &&
       _crm_store_set_indexes_aside (conn, "contacts", n_contacts, &aside, error) &&
       gen_employees (conn, employee_ids, error) &&
       _crm_demo_query_int64 (conn, max_account_id_sql, 0, NULL, &max_account_id, error) &&
       _crm_demo_query_int64 (conn, max_contact_id_sql, 0, NULL, &max_contact_id, error);

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
      ok = ok && _crm_store_restore_indexes (conn, error);
      g_debug ("Generated data: indexes built in %.1f s", g_timer_elapsed (timer, NULL));

      g_timer_start (timer);
      ok = ok && _crm_store_exec_command (conn, "COMMIT", error);
      g_debug ("Generated data: committed in %.1f s", g_timer_elapsed (timer, NULL));
      gen_clear (&gen);
    }

  if (!ok)
    {
      g_prefix_error (error, _ ("Could not generate the data: "));
      _crm_demo_rollback (conn);
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
