/* crm-contract.c — contracts with accounts (S2)
 *
 * A contract («№ 125 / S», «Договор на продажу авиабилетов») is made by
 * our organisation with an account on a tariff plan, runs from a start to
 * an end date and goes through preparation, signing, effect and completion
 * or termination. Its responsible employee is its support manager. The
 * planned and actual sums are money the database withholds from managers
 * and read-only users (rapport.money_columns()). The database refuses an
 * end before the start (contracts_end_date_check); validation says so
 * first, next to the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-contract.h"

struct _CrmContract
{
  CrmRecord parent_instance;
};

struct _CrmContractStatus
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmContract, crm_contract, CRM_TYPE_RECORD)
G_DEFINE_FINAL_TYPE (CrmContractStatus, crm_contract_status, CRM_TYPE_RECORD)

/* Contract statuses: the company's list, read by everyone, changed by
 * administrators and heads (0015). A contract in a status that reminds
 * gets its renewal reminder before it ends. */
static const CrmField contract_status_fields[] = {
  { "name", N_ ("Name"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, N_ ("Main"), .max_length = 100 },
  { "code", N_ ("Code"), CRM_FIELD_TEXT, CRM_FIELD_REQUIRED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, N_ ("Main"),
    .max_length = 50 },
  { "position", N_ ("Order"), CRM_FIELD_INT, CRM_FIELD_SORTABLE | CRM_FIELD_LIST, N_ ("Main") },
  { "reminds", N_ ("Renewal reminders"), CRM_FIELD_BOOL, CRM_FIELD_LIST | CRM_FIELD_HEADER, N_ ("Main") },
};

static const CrmConstraintMessage contract_status_constraints[] = {
  { "contract_statuses_code_key", N_ ("there is already a status with this code") },
  { "contract_statuses_name_key", N_ ("there is already a status of this name") },
  { "contract_statuses_code_check", N_ ("a code is small Latin letters, digits and “_”, starting with a letter") },
  { "contracts_status_id_fkey", N_ ("contracts have this status: give them another one first") },
  { NULL, NULL }
};

static const CrmRelated contract_status_related[] = {
  { "contract", "status_id", N_ ("Contracts"), N_ ("No contracts have this status"), { "account_name", "start_date", "end_date", NULL }, "start_date", TRUE, NULL },
  { NULL }
};

const CrmRecordType crm_contract_status_type = {
  .name = "contract_status",
  .table = "contract_statuses",
  .label = N_ ("Contract Status"),
  .plural = N_ ("Contract Statuses"),
  .icon_name = "emblem-default-symbolic",
  .new_label = N_ ("New Contract Status"),
  .empty_title = N_ ("No Contract Statuses"),
  .empty_description = N_ ("Add the statuses your contracts go through, from being prepared to completed"),
  .search_placeholder = N_ ("Search by name or code"),
  .count_singular = NP_ ("%u status", "%u statuses"),
  .title_field = "name",
  .default_sort = "position",
  .fields = contract_status_fields,
  .n_fields = G_N_ELEMENTS (contract_status_fields),
  .get_type = crm_contract_status_get_type,
  .constraint_messages = contract_status_constraints,
  .related = contract_status_related,
};

static void
crm_contract_status_class_init (CrmContractStatusClass *klass)
{
  crm_record_class_install_fields (CRM_RECORD_CLASS (klass), &crm_contract_status_type);
}

static void
crm_contract_status_init (CrmContractStatus *self)
{
}


#define MAIN  N_ ("Main")
#define MONEY N_ ("Sums")
#define NOTES N_ ("Notes")

static const CrmField contract_fields[] = {
  { "number", N_ ("Contract number"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN, .max_length = 50 },
  { "title", N_ ("Title"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN,
    .max_length = 255 },
  { "organization", N_ ("Our organisation"), CRM_FIELD_TEXT, CRM_FIELD_SORTABLE, MAIN,
    .max_length = 255 },
  { "account_id", N_ ("Account"), CRM_FIELD_REF, CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, MAIN,
    .ref_type = "account" },
  { "account_name", N_ ("Account"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, NULL,
    .sql = "(SELECT a.name FROM rapport.accounts a WHERE a.id = t.account_id)" },
  { "tariff_plan_id", N_ ("Tariff plan"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, MAIN, .ref_type = "tariff_plan" },
  { "tariff_plan_name", N_ ("Tariff plan"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, NULL,
    .sql = "(SELECT p.name FROM rapport.tariff_plans p WHERE p.id = t.tariff_plan_id)" },
  { "start_date", N_ ("Start date"), CRM_FIELD_DATE, CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN },
  { "end_date", N_ ("End date"), CRM_FIELD_DATE, CRM_FIELD_SORTABLE, MAIN },
  /* The company's own statuses (0015): Подготовка к отправке, Подписан… */
  { "status_id", N_ ("Status"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, MAIN, .ref_type = "contract_status" },
  { "status_name", N_ ("Status"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, NULL,
    .sql = "(SELECT s.name FROM rapport.contract_statuses s WHERE s.id = t.status_id)" },
  /* Money: withheld by the database from managers and read-only users. */
  { "planned_sum", N_ ("Planned sum"), CRM_FIELD_MONEY, CRM_FIELD_NO_NEGATIVE | CRM_FIELD_SORTABLE, MONEY },
  { "actual_sum", N_ ("Actual sum"), CRM_FIELD_MONEY, CRM_FIELD_NO_NEGATIVE | CRM_FIELD_SORTABLE, MONEY },
  { "description", N_ ("Description"), CRM_FIELD_MULTILINE, CRM_FIELD_SEARCHABLE, NOTES, .max_length = 20000 },
};

/* The database's rules, in words (also validation's message). */
#define END_BEFORE_START N_ ("a contract cannot end before it starts")

static const CrmConstraintMessage contract_constraints[] = {
  { "contracts_end_date_check", END_BEFORE_START },
  { "contracts_status_id_fkey", N_ ("no such contract status") },
  { NULL, NULL }
};

/* Its tasks: the renewal reminders first of all. */
static const CrmRelated contract_related[] = {
  { "task", "contract_id", N_ ("Tasks"), N_ ("No tasks for this contract yet"), { "kind", "status", "due_at", "owner_name", NULL }, "due_at", TRUE, N_ ("Add a Task for This Contract"), { "account_id", "account_name", NULL } },
  { NULL }
};

const CrmRecordType crm_contract_type = {
  .name = "contract",
  .table = "contracts",
  .label = N_ ("Contract"),
  .plural = N_ ("Contracts"),
  .icon_name = "x-office-document-symbolic",
  .new_label = N_ ("New Contract"),
  .empty_title = N_ ("No Contracts Yet"),
  .empty_description = N_ ("Record the contracts made with your accounts: the number, the tariff plan, the dates and the sums"),
  .search_placeholder = N_ ("Search by number, title, account or description"),
  .count_singular = NP_ ("%u contract", "%u contracts"),
  .title_field = "number",
  .default_sort = "start_date",
  .fields = contract_fields,
  .n_fields = G_N_ELEMENTS (contract_fields),
  .get_type = crm_contract_get_type,
  .constraint_messages = contract_constraints,
  .related = contract_related,
};

static gboolean
crm_contract_check (CrmRecord  *record,
                    GHashTable *field_errors,
                    GError    **error)
{
  const GValue *start = crm_record_peek_value (record, "start_date");
  const GValue *end = crm_record_peek_value (record, "end_date");
  GDateTime    *start_date = start ? g_value_get_boxed (start) : NULL;
  GDateTime    *end_date = end ? g_value_get_boxed (end) : NULL;

  if (start_date != NULL && end_date != NULL && g_date_time_compare (end_date, start_date) < 0)
    {
      const CrmField *field = crm_record_type_get_field (&crm_contract_type, "end_date");

      g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                   "%s: %s", crm_field_get_label (field), _ (END_BEFORE_START));
      g_hash_table_insert (field_errors, (gpointer) field->name, g_strdup ((*error)->message));
      return FALSE;
    }
  return TRUE;
}

static void
crm_contract_constructed (GObject *object)
{
  G_OBJECT_CLASS (crm_contract_parent_class)->constructed (object);

  crm_record_set_string (CRM_RECORD (object), "organization", _ ("My organisation"));
}

static void
crm_contract_class_init (CrmContractClass *klass)
{
  CrmRecordClass *record_class = CRM_RECORD_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = crm_contract_constructed;
  crm_record_class_install_fields (record_class, &crm_contract_type);
  record_class->check = crm_contract_check;
}

static void
crm_contract_init (CrmContract *self)
{
}

CrmContract *
crm_contract_new (void)
{
  return g_object_new (CRM_TYPE_CONTRACT, NULL);
}
