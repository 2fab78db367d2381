/* crm-import-mapping.h — which field a CSV column goes to, from its header
 *
 * A header matches, case-insensitively and with ё/е, spaces and
 * punctuation folded ("E-mail" = "email", "Тел." = "тел"):
 *   1. a column name ("inn", "last_name");
 *   2. a field's label, in English and as translated ("Mobile phone",
 *      «Мобильный телефон» when the locale is Russian);
 *   3. a built-in table: common Russian headers (1C, Excel lists:
 *      «Наименование», «ИНН», «Тел.», «Эл. почта», «ФИО», «Ответственный»…)
 *      and the export headers of SuiteCRM ("Billing City", "Phone Office",
 *      "Email Address", "Assigned User Name"…) and vTiger ("Account Name",
 *      "Organization Name", "Mailing City", "Assigned To"…), whatever the
 *      locale.
 * The common fields (id, version, created_…, updated_…) are never
 * suggested: another system's "ID" is not ours.
 *
 * Targets are field names of the type that a person may set (neither
 * computed nor references), plus these, which the importer resolves:
 *   "owner_name"   (any type) the responsible employee, by name;
 *   "account_name" (contacts) link to the account with this name;
 *   "account_inn"  (contacts) link to the account with this INN;
 *   "full_name"    (contacts) «Фамилия Имя Отчество» split in three.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-import.h"
#include "crm-record-type.h"

G_BEGIN_DECLS

/* The target for one header, or NULL. The string is static. */
const char *crm_import_mapping_suggest (const CrmRecordType *type,
                                        const char          *header);
/* One target (or NULL) per header, in order (a GPtrArray of static
 * strings, as long as @headers, which is NULL-terminated). No target is
 * given twice: the column whose header matches best keeps it (a column
 * name beats a label, a label beats the built-in table), the first such
 * column when they tie. */
GPtrArray  *crm_import_mapping_suggest_all (const CrmRecordType *type,
                                            const char *const   *headers);
/* Every target of @type in form order (static strings), for the
 * wizard's column menus. */
GPtrArray  *crm_import_mapping_list_targets (const CrmRecordType *type);
/* Whether @target is one of crm_import_mapping_list_targets(). */
gboolean    crm_import_mapping_is_target (const CrmRecordType *type,
                                          const char          *target);
/* A translated name for a target ("Account (by INN)"). */
const char *crm_import_mapping_get_target_label (const CrmRecordType *type,
                                                 const char          *target);
/* The folded form headers are compared in: lower case, ё → е, only
 * letters and digits. */
char       *crm_import_mapping_fold (const char *header);

G_END_DECLS
