/* crm-task.c — tasks: what an employee has to do, and by when (T1)
 *
 * A task («Созвониться для согласования даты деловой встречи») has a
 * subject, a kind (task, call, meeting, letter, contract renewal
 * reminder), a status, a priority, a due date and time and how far it got,
 * and may be linked to an account, a contact, a deal and a contract. Its
 * responsible employee is its owner. The database keeps the status rule
 * (0013-tasks.sql): done sets when it was completed and 100 %, any other
 * status clears it. Renewal reminders are made by the database
 * (rapport.create_renewal_reminders(), crm-reminders.h) for a contract's
 * support manager before the contract ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-task.h"

struct _CrmTask
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmTask, crm_task, CRM_TYPE_RECORD)

static const CrmChoice kind_choices[] = {
  { "task", N_ ("Task") },
  { "call", N_ ("Call") },
  { "meeting", N_ ("Meeting") },
  { "email", N_ ("Letter") },
  { "renewal", N_ ("Renewal") },
  { NULL, NULL }
};

static const CrmChoice status_choices[] = {
  { "planned", N_ ("Planned") },
  { "in_progress", N_ ("In progress") },
  { "done", N_ ("Done") },
  { "cancelled", N_ ("Cancelled") },
  { NULL, NULL }
};

static const CrmChoice priority_choices[] = {
  { "low", N_ ("Low") },
  { "normal", N_ ("Normal") },
  { "high", N_ ("High") },
  { NULL, NULL }
};

#define MAIN  N_ ("Main")
#define LINKS N_ ("Related to")
#define NOTES N_ ("Description")

static const CrmField task_fields[] = {
  { "subject", N_ ("Subject"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN, .max_length = 255 },
  { "kind", N_ ("Kind"), CRM_FIELD_CHOICE,
    CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN,
    .choices = kind_choices },
  { "status", N_ ("Status"), CRM_FIELD_CHOICE,
    CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN,
    .choices = status_choices },
  { "priority", N_ ("Priority"), CRM_FIELD_CHOICE, CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, MAIN,
    .choices = priority_choices },
  { "due_at", N_ ("Due"), CRM_FIELD_TIMESTAMP, CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN },
  { "percent_done", N_ ("Done, %"), CRM_FIELD_INT, CRM_FIELD_NO_NEGATIVE | CRM_FIELD_SORTABLE, MAIN },
  /* Kept by the database: set when the status becomes done. */
  { "completed_at", N_ ("Completed on"), CRM_FIELD_TIMESTAMP,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_HEADER, MAIN, .sql = "t.completed_at" },
  { "account_id", N_ ("Account"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, LINKS, .ref_type = "account" },
  { "account_name", N_ ("Account"), CRM_FIELD_TEXT, CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, NULL,
    .sql = "(SELECT a.name FROM rapport.accounts a WHERE a.id = t.account_id)" },
  { "contact_id", N_ ("Contact"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, LINKS, .ref_type = "contact" },
  { "contact_name", N_ ("Contact"), CRM_FIELD_TEXT, CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE, NULL,
    .sql = "(SELECT concat_ws(' ', c.last_name, c.first_name, c.middle_name) FROM rapport.contacts c"
           " WHERE c.id = t.contact_id)" },
  { "deal_id", N_ ("Deal"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, LINKS, .ref_type = "deal" },
  { "deal_name", N_ ("Deal"), CRM_FIELD_TEXT, CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE, NULL,
    .sql = "(SELECT d.name FROM rapport.deals d WHERE d.id = t.deal_id)" },
  { "contract_id", N_ ("Contract"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, LINKS, .ref_type = "contract" },
  { "contract_name", N_ ("Contract"), CRM_FIELD_TEXT, CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE, NULL,
    .sql = "(SELECT k.number FROM rapport.contracts k WHERE k.id = t.contract_id)" },
  { "description", N_ ("Description"), CRM_FIELD_MULTILINE, CRM_FIELD_SEARCHABLE, NOTES, .max_length = 20000 },
};

/* The database's rules, in words (also validation's message). */
#define PERCENT_RANGE N_ ("how far a task got is a percentage from 0 to 100")

static const CrmConstraintMessage task_constraints[] = {
  { "tasks_subject_check", N_ ("a task needs a subject") },
  { "tasks_kind_check", N_ ("choose one of the kinds of task") },
  { "tasks_status_check", N_ ("choose one of the statuses of a task") },
  { "tasks_priority_check", N_ ("choose low, normal or high") },
  { "tasks_percent_done_check", PERCENT_RANGE },
  { "tasks_account_id_fkey", N_ ("the account no longer exists") },
  { "tasks_contact_id_fkey", N_ ("the contact no longer exists") },
  { "tasks_deal_id_fkey", N_ ("the deal no longer exists") },
  { "tasks_contract_id_fkey", N_ ("the contract no longer exists") },
  { "tasks_renewal_key", N_ ("this contract already has a renewal reminder for its end date") },
  { NULL, NULL }
};

const CrmRecordType crm_task_type = {
  .name = "task",
  .table = "tasks",
  .label = N_ ("Task"),
  .plural = N_ ("Tasks"),
  .icon_name = "object-select-symbolic",
  .new_label = N_ ("New Task"),
  .empty_title = N_ ("No Tasks Yet"),
  .empty_description = N_ ("Plan calls, meetings and other work with your accounts; renewal reminders "
                           "for contracts that end soon appear here by themselves"),
  .search_placeholder = N_ ("Search by subject, account, contact, contract or description"),
  .count_singular = NP_ ("%u task", "%u tasks"),
  .title_field = "subject",
  .default_sort = "due_at",
  .fields = task_fields,
  .n_fields = G_N_ELEMENTS (task_fields),
  .get_type = crm_task_get_type,
  .constraint_messages = task_constraints,
};

static gboolean
crm_task_check (CrmRecord  *record,
                GHashTable *field_errors,
                GError    **error)
{
  if (crm_record_get_int (record, "percent_done") > 100)
    {
      const CrmField *field = crm_record_type_get_field (&crm_task_type, "percent_done");

      g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID, "%s: %s", crm_field_get_label (field),
                   _ (PERCENT_RANGE));
      g_hash_table_insert (field_errors, (gpointer) field->name, g_strdup ((*error)->message));
      return FALSE;
    }
  return TRUE;
}

static void
crm_task_constructed (GObject *object)
{
  G_OBJECT_CLASS (crm_task_parent_class)->constructed (object);

  crm_record_set_string (CRM_RECORD (object), "kind", "task");
  crm_record_set_string (CRM_RECORD (object), "status", "planned");
  crm_record_set_string (CRM_RECORD (object), "priority", "normal");
}

static void
crm_task_class_init (CrmTaskClass *klass)
{
  CrmRecordClass *record_class = CRM_RECORD_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = crm_task_constructed;
  crm_record_class_install_fields (record_class, &crm_task_type);
  record_class->check = crm_task_check;
}

static void
crm_task_init (CrmTask *self)
{
}

CrmTask *
crm_task_new (void)
{
  return g_object_new (CRM_TYPE_TASK, NULL);
}
