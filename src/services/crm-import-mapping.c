/* crm-import-mapping.c — which field a CSV column goes to, from its header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-import-mapping.h"

typedef struct
{
  const char *header;
  const char *target;
} Alias;

/* Ranks: the lower wins when two columns want one target. */
enum
{
  RANK_COLUMN,
  RANK_LABEL,
  RANK_ALIAS,
};

typedef struct
{
  const char *target;
  guint       rank;
} Match;

/* clang-format off */
static const Alias account_aliases[] = {
  /* Russian: 1C, Excel lists, other CRMs in Russian */
  { "Название", "name" }, { "Наименование", "name" }, { "Краткое наименование", "name" },
  { "Наименование краткое", "name" }, { "Контрагент", "name" }, { "Организация", "name" },
  { "Компания", "name" }, { "Клиент", "name" }, { "Название организации", "name" },
  { "Наименование организации", "name" }, { "Название компании", "name" },
  { "Наименование контрагента", "name" },
  { "Полное наименование", "full_name" }, { "Полное название", "full_name" },
  { "Наименование полное", "full_name" }, { "Юридическое наименование", "full_name" },
  { "Полное наименование организации", "full_name" },
  { "Код", "code" }, { "Код контрагента", "code" },
  { "ИНН", "inn" }, { "ИНН организации", "inn" }, { "ИНН контрагента", "inn" },
  { "КПП", "kpp" }, { "ОГРН", "ogrn" }, { "ОГРНИП", "ogrn" }, { "ОГРН/ОГРНИП", "ogrn" },
  { "Группа", "size_group" }, { "Группа контрагента", "size_group" }, { "Размер", "size_group" },
  { "Тип", "account_type" }, { "Тип контрагента", "account_type" }, { "Вид контрагента", "account_type" },
  { "Тип клиента", "account_type" },
  { "Статус", "status" }, { "Состояние", "status" },
  { "Регион", "region" }, { "Область", "region" }, { "Субъект РФ", "region" },
  { "Выручка", "annual_revenue" }, { "Выручка за год", "annual_revenue" }, { "Годовая выручка", "annual_revenue" },
  { "Годовой оборот", "annual_revenue" }, { "Годовой доход", "annual_revenue" }, { "Annual Revenue", "annual_revenue" },
  { "Отрасль", "industry" }, { "Сфера деятельности", "industry" }, { "Вид деятельности", "industry" },
  { "Город", "city" }, { "Факт. адрес - город", "city" }, { "Основной адрес - город", "city" },
  { "Юр. адрес - город", "city" }, { "Населенный пункт", "city" },
  { "Телефон", "phone" }, { "Тел.", "phone" }, { "Телефоны", "phone" }, { "Рабочий телефон", "phone" },
  { "Телефон офиса", "phone" }, { "Основной телефон", "phone" },
  { "Доп. телефон", "phone2" }, { "Дополнительный телефон", "phone2" }, { "Другой телефон", "phone2" },
  { "Телефон 2", "phone2" },
  { "E-mail", "email" }, { "Эл. почта", "email" }, { "Электронная почта", "email" }, { "Почта", "email" },
  { "Адрес электронной почты", "email" },
  { "Другой e-mail", "email2" }, { "Доп. e-mail", "email2" }, { "E-mail 2", "email2" },
  { "Сайт", "website" }, { "Веб-сайт", "website" }, { "Адрес сайта", "website" },
  { "Юридический адрес", "legal_address" }, { "Юр. адрес", "legal_address" },
  { "Адрес юридический", "legal_address" },
  { "Фактический адрес", "actual_address" }, { "Факт. адрес", "actual_address" },
  { "Почтовый адрес", "actual_address" }, { "Адрес", "actual_address" },
  { "Руководитель", "director" }, { "Директор", "director" }, { "Генеральный директор", "director" },
  { "ФИО руководителя", "director" },
  { "Главный бухгалтер", "accountant" }, { "Гл. бухгалтер", "accountant" }, { "Бухгалтер", "accountant" },
  { "Банк", "bank_name" }, { "Наименование банка", "bank_name" },
  { "БИК", "bank_bik" }, { "БИК банка", "bank_bik" },
  { "Расчетный счет", "bank_account" }, { "Р/с", "bank_account" }, { "Расч. счет", "bank_account" },
  { "Корр. счет", "bank_corr_account" }, { "Корреспондентский счет", "bank_corr_account" },
  { "К/с", "bank_corr_account" }, { "Кор. счет", "bank_corr_account" },
  { "Конкуренты", "competitors" },
  { "Комментарий", "comments" }, { "Комментарии", "comments" }, { "Примечание", "comments" },
  { "Примечания", "comments" }, { "Описание", "comments" }, { "Заметки", "comments" },
  { "Подтвержден", "confirmed" }, { "Подтверждено бухгалтерией", "confirmed" },
  { "Ответственный", "owner_name" }, { "Менеджер", "owner_name" }, { "Ответственный менеджер", "owner_name" },
  /* SuiteCRM and vTiger exports, and English spreadsheets */
  { "Account Name", "name" }, { "Company", "name" }, { "Company Name", "name" }, { "Organization", "name" },
  { "Organization Name", "name" }, { "Account", "name" },
  { "Legal Name", "full_name" },
  { "Account No", "code" }, { "Account Number", "code" },
  { "TIN", "inn" }, { "Tax ID", "inn" },
  { "Account Type", "account_type" },
  { "Billing State", "region" }, { "State", "region" },
  { "Billing City", "city" }, { "Shipping City", "city" },
  { "Phone Office", "phone" }, { "Office Phone", "phone" },
  { "Phone Alternate", "phone2" }, { "Alternate Phone", "phone2" }, { "Other Phone", "phone2" },
  { "Email Address", "email" }, { "Email", "email" }, { "Primary Email", "email" },
  { "Other Email", "email2" }, { "Secondary Email", "email2" },
  { "Web Site", "website" }, { "URL", "website" },
  { "Billing Address", "legal_address" }, { "Billing Street", "legal_address" },
  { "Shipping Address", "actual_address" }, { "Shipping Street", "actual_address" },
  { "CEO", "director" },
  { "Description", "comments" }, { "Notes", "comments" },
  { "Assigned User Name", "owner_name" }, { "Assigned To", "owner_name" }, { "Assigned User", "owner_name" },
  { "Owner", "owner_name" },
  { NULL, NULL }
};

static const Alias contact_aliases[] = {
  /* Russian */
  { "ФИО", "full_name" }, { "Ф.И.О.", "full_name" }, { "Полное имя", "full_name" },
  { "Контактное лицо", "full_name" }, { "Контакт", "full_name" }, { "Сотрудник", "full_name" },
  { "Фамилия", "last_name" }, { "Имя", "first_name" }, { "Отчество", "middle_name" },
  { "Код", "code" },
  { "Контрагент", "account_name" }, { "Организация", "account_name" }, { "Компания", "account_name" },
  { "Клиент", "account_name" }, { "Название организации", "account_name" },
  { "Наименование организации", "account_name" }, { "Название компании", "account_name" },
  { "Наименование контрагента", "account_name" }, { "Место работы", "account_name" },
  { "ИНН", "account_inn" }, { "ИНН организации", "account_inn" }, { "ИНН контрагента", "account_inn" },
  { "ИНН компании", "account_inn" },
  { "Должность", "position" },
  { "Пол", "gender" },
  { "Статус", "status" },
  { "Город", "city" }, { "Факт. адрес - город", "city" }, { "Основной адрес - город", "city" },
  { "Населенный пункт", "city" },
  { "Моб. телефон", "phone_mobile" }, { "Мобильный телефон", "phone_mobile" }, { "Мобильный", "phone_mobile" },
  { "Сотовый", "phone_mobile" }, { "Сотовый телефон", "phone_mobile" }, { "Моб. тел.", "phone_mobile" },
  { "Телефон мобильный", "phone_mobile" },
  { "Телефон", "phone_work" }, { "Тел.", "phone_work" }, { "Рабочий телефон", "phone_work" },
  { "Раб. телефон", "phone_work" }, { "Телефон рабочий", "phone_work" },
  { "Домашний телефон", "phone_home" }, { "Дом. телефон", "phone_home" }, { "Телефон домашний", "phone_home" },
  { "Внутренний телефон", "phone_internal" }, { "Внутр. телефон", "phone_internal" },
  { "Добавочный", "phone_internal" }, { "Доб.", "phone_internal" },
  { "E-mail", "email" }, { "Эл. почта", "email" }, { "Электронная почта", "email" }, { "Почта", "email" },
  { "Адрес электронной почты", "email" },
  { "Другой e-mail", "email2" }, { "Доп. e-mail", "email2" }, { "E-mail 2", "email2" },
  { "Скайп", "skype" },
  { "Мессенджеры", "messengers" }, { "Telegram", "messengers" }, { "WhatsApp", "messengers" },
  { "Дата рождения", "birthday" }, { "День рождения", "birthday" },
  { "Последний контакт", "last_contact_at" }, { "Дата последнего контакта", "last_contact_at" },
  { "Комментарий", "comments" }, { "Комментарии", "comments" }, { "Примечание", "comments" },
  { "Примечания", "comments" }, { "Описание", "comments" }, { "Заметки", "comments" },
  { "Ответственный", "owner_name" }, { "Менеджер", "owner_name" }, { "Ответственный менеджер", "owner_name" },
  /* SuiteCRM and vTiger exports, and English spreadsheets */
  { "Name", "full_name" }, { "Contact Name", "full_name" }, { "Contact", "full_name" },
  { "Surname", "last_name" }, { "Family Name", "last_name" },
  { "Given Name", "first_name" },
  { "Patronymic", "middle_name" },
  { "Contact Id", "code" }, { "Contact No", "code" },
  { "Account Name", "account_name" }, { "Organization Name", "account_name" },
  { "Organization", "account_name" }, { "Company", "account_name" }, { "Company Name", "account_name" },
  { "Account INN", "account_inn" }, { "INN", "account_inn" }, { "Company INN", "account_inn" },
  { "Title", "position" }, { "Job Title", "position" },
  { "Sex", "gender" },
  { "Primary Address City", "city" }, { "Mailing City", "city" },
  { "Mobile", "phone_mobile" }, { "Cell Phone", "phone_mobile" }, { "Phone Mobile", "phone_mobile" },
  { "Office Phone", "phone_work" }, { "Phone", "phone_work" }, { "Business Phone", "phone_work" },
  { "Phone Work", "phone_work" },
  { "Phone Home", "phone_home" },
  { "Extension", "phone_internal" },
  { "Email Address", "email" }, { "Email", "email" }, { "Primary Email", "email" },
  { "Other Email", "email2" }, { "Secondary Email", "email2" },
  { "Birthdate", "birthday" }, { "Date of Birth", "birthday" },
  { "Last Contact", "last_contact_at" },
  { "Description", "comments" }, { "Notes", "comments" },
  { "Assigned User Name", "owner_name" }, { "Assigned To", "owner_name" }, { "Assigned User", "owner_name" },
  { "Owner", "owner_name" },
  { NULL, NULL }
};
/* clang-format on */

/* Targets that are not plain settable fields, per type. */
static const char *const contact_specials[] = {
  CRM_IMPORT_TARGET_FULL_NAME,
  CRM_IMPORT_TARGET_ACCOUNT_NAME,
  CRM_IMPORT_TARGET_ACCOUNT_INN,
  NULL,
};

static GMutex      tables_lock;
static GHashTable *tables; /* CrmRecordType * → GHashTable (folded header → Match *) */

char *
crm_import_mapping_fold (const char *header)
{
  g_autofree char *lower = NULL;
  GString         *out;

  g_return_val_if_fail (header != NULL, NULL);

  if (!g_utf8_validate (header, -1, NULL))
    return g_strdup ("");

  lower = g_utf8_strdown (header, -1);
  out = g_string_sized_new (strlen (lower));
  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x0451) /* ё */
        c = 0x0435;    /* е */
      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static const char *const *
specials_of (const CrmRecordType *type)
{
  static const char *const none[] = { NULL };

  if (type == &crm_contact_type)
    return contact_specials;
  return none;
}

static const Alias *
aliases_of (const CrmRecordType *type)
{
  static const Alias none[] = { { NULL, NULL } };

  if (type == &crm_account_type)
    return account_aliases;
  if (type == &crm_contact_type)
    return contact_aliases;
  return none;
}

static gboolean
is_special (const CrmRecordType *type,
            const char          *target)
{
  if (g_str_equal (target, CRM_IMPORT_TARGET_OWNER_NAME))
    return TRUE;
  for (const char *const *s = specials_of (type); *s; s++)
    if (g_str_equal (*s, target))
      return TRUE;
  return FALSE;
}

static gboolean
is_plain_target (const CrmField *field)
{
  return !(field->flags & CRM_FIELD_COMPUTED) && field->kind != CRM_FIELD_REF;
}

gboolean
crm_import_mapping_is_target (const CrmRecordType *type,
                              const char          *target)
{
  const CrmField *field;

  g_return_val_if_fail (type != NULL, FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if (is_special (type, target))
    return TRUE;
  for (guint i = 0; i < type->n_fields; i++)
    {
      field = &type->fields[i];
      if (g_str_equal (field->name, target))
        return is_plain_target (field);
    }
  return FALSE;
}

GPtrArray *
crm_import_mapping_list_targets (const CrmRecordType *type)
{
  GPtrArray *targets;

  g_return_val_if_fail (type != NULL, NULL);

  targets = g_ptr_array_new ();
  for (guint i = 0; i < type->n_fields; i++)
    {
      const CrmField *field = &type->fields[i];

      if (is_plain_target (field) || is_special (type, field->name))
        g_ptr_array_add (targets, (gpointer) field->name);
    }
  for (const char *const *s = specials_of (type); *s; s++)
    if (crm_record_type_get_field (type, *s) == NULL || !g_ptr_array_find_with_equal_func (targets, *s, g_str_equal, NULL))
      g_ptr_array_add (targets, (gpointer) *s);
  g_ptr_array_add (targets, (gpointer) CRM_IMPORT_TARGET_OWNER_NAME);
  return targets;
}

const char *
crm_import_mapping_get_target_label (const CrmRecordType *type,
                                     const char          *target)
{
  const CrmField *field;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);

  if (g_str_equal (target, CRM_IMPORT_TARGET_ACCOUNT_NAME))
    return _ ("Account (by name)");
  if (g_str_equal (target, CRM_IMPORT_TARGET_ACCOUNT_INN))
    return _ ("Account (by INN)");
  if (type == &crm_contact_type && g_str_equal (target, CRM_IMPORT_TARGET_FULL_NAME))
    return _ ("Full name (last, first and middle name)");

  field = crm_record_type_get_field (type, target);
  return field != NULL ? crm_field_get_label (field) : target;
}

static void
add (GHashTable *table,
     const char *header,
     const char *target,
     guint       rank)
{
  char  *key = crm_import_mapping_fold (header);
  Match *match;

  if (key[0] == '\0' || g_hash_table_contains (table, key))
    {
      g_free (key);
      return;
    }
  match = g_new (Match, 1);
  match->target = target;
  match->rank = rank;
  g_hash_table_insert (table, key, match);
}

static GHashTable *
build_table (const CrmRecordType *type)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) targets = crm_import_mapping_list_targets (type);

  for (guint i = 0; i < targets->len; i++)
    add (table, targets->pdata[i], targets->pdata[i], RANK_COLUMN);

  for (guint i = 0; i < targets->len; i++)
    {
      const char     *target = targets->pdata[i];
      const CrmField *field = crm_record_type_get_field (type, target);

      if (field == NULL)
        continue;
      add (table, field->label, target, RANK_LABEL);
      add (table, crm_field_get_label (field), target, RANK_LABEL);
    }

  for (const Alias *a = aliases_of (type); a->header; a++)
    {
      g_assert (crm_import_mapping_is_target (type, a->target));
      add (table, a->header, a->target, RANK_ALIAS);
    }

  return table;
}

static const Match *
lookup (const CrmRecordType *type,
        const char          *header)
{
  g_autofree char *key = crm_import_mapping_fold (header);
  GHashTable      *table;
  const Match     *match;

  g_mutex_lock (&tables_lock);
  if (tables == NULL)
    tables = g_hash_table_new (NULL, NULL);
  table = g_hash_table_lookup (tables, type);
  if (table == NULL)
    {
      table = build_table (type);
      g_hash_table_insert (tables, (gpointer) type, table);
    }
  match = g_hash_table_lookup (table, key);
  g_mutex_unlock (&tables_lock);

  return match;
}

const char *
crm_import_mapping_suggest (const CrmRecordType *type,
                            const char          *header)
{
  const Match *match;

  g_return_val_if_fail (type != NULL, NULL);

  if (header == NULL)
    return NULL;
  match = lookup (type, header);
  return match ? match->target : NULL;
}

GPtrArray *
crm_import_mapping_suggest_all (const CrmRecordType *type,
                                const char *const   *headers)
{
  GPtrArray               *result;
  guint                    n;
  g_autofree const Match **matches = NULL;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (headers != NULL, NULL);

  n = g_strv_length ((char **) headers);
  matches = g_new0 (const Match *, n);
  for (guint i = 0; i < n; i++)
    matches[i] = lookup (type, headers[i]);

  result = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      gboolean wins = matches[i] != NULL;

      for (guint j = 0; wins && j < n; j++)
        if (j != i && matches[j] != NULL && g_str_equal (matches[j]->target, matches[i]->target) &&
            (matches[j]->rank < matches[i]->rank || (matches[j]->rank == matches[i]->rank && j < i)))
          wins = FALSE;
      g_ptr_array_add (result, wins ? (gpointer) matches[i]->target : NULL);
    }
  return result;
}
