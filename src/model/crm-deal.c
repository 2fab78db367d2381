/* crm-deal.c — deals: sales in the making, moving through a pipeline (S1)
 *
 * A deal is what an account may buy: a name, an amount and its currency,
 * how likely it is (probability) and when it should close, and the stage
 * of a pipeline it has reached. The database keeps the stage rules
 * (0012-deals.sql): the pipeline follows from the stage, entering a stage
 * sets its probability, a won or lost stage closes the deal, a lost one
 * needs its reason, and every move is recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-deal.h"
#include "crm-pipeline.h"

struct _CrmDeal
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmDeal, crm_deal, CRM_TYPE_RECORD)

static const CrmChoice currency_choices[] = {
  { "RUB", N_ ("Russian rouble") },
  { "USD", N_ ("US dollar") },
  { "EUR", N_ ("Euro") },
  { "CNY", N_ ("Chinese yuan") },
  { "KZT", N_ ("Kazakhstani tenge") },
  { "BYN", N_ ("Belarusian rouble") },
  { NULL, NULL }
};

#define MAIN   N_ ("Main")
#define CLIENT N_ ("Client")
#define RESULT N_ ("Outcome")
#define NOTES  N_ ("Notes")

static const CrmField deal_fields[] = {
  { "name", N_ ("Deal"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN, .max_length = 255 },
  { "stage_id", N_ ("Stage"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, MAIN, .ref_type = "pipeline_stage" },
  { "stage_name", N_ ("Stage"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_LIST | CRM_FIELD_HEADER, NULL,
    .sql = "(SELECT s.name FROM rapport.pipeline_stages s WHERE s.id = t.stage_id)" },
  { "stage_position", N_ ("Stage order"), CRM_FIELD_INT, CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE, NULL,
    .sql = "(SELECT s.position FROM rapport.pipeline_stages s WHERE s.id = t.stage_id)" },
  { "stage_kind", N_ ("Outcome"), CRM_FIELD_CHOICE, CRM_FIELD_COMPUTED | CRM_FIELD_FILTERABLE, NULL,
    .sql = "(SELECT s.kind FROM rapport.pipeline_stages s WHERE s.id = t.stage_id)", .choices = crm_stage_kind_choices },
  { "pipeline_id", N_ ("Pipeline"), CRM_FIELD_REF, CRM_FIELD_COMPUTED | CRM_FIELD_FILTERABLE, NULL,
    .sql = "t.pipeline_id", .ref_type = "pipeline" },
  { "amount", N_ ("Amount"), CRM_FIELD_MONEY,
    CRM_FIELD_NO_NEGATIVE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN },
  { "currency", N_ ("Currency"), CRM_FIELD_CHOICE, CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, MAIN,
    .choices = currency_choices },
  { "probability", N_ ("Probability, %"), CRM_FIELD_INT, CRM_FIELD_NO_NEGATIVE | CRM_FIELD_SORTABLE, MAIN },
  { "expected_close", N_ ("Expected close"), CRM_FIELD_DATE,
    CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN },
  { "account_id", N_ ("Account"), CRM_FIELD_REF, CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, CLIENT,
    .ref_type = "account" },
  { "account_name", N_ ("Account"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, NULL,
    .sql = "(SELECT a.name FROM rapport.accounts a WHERE a.id = t.account_id)" },
  { "contact_id", N_ ("Contact"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, CLIENT, .ref_type = "contact" },
  { "lead_id", N_ ("Source lead"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, CLIENT, .ref_type = "lead" },
  { "closed_on", N_ ("Closed on"), CRM_FIELD_DATE, CRM_FIELD_SORTABLE, RESULT },
  { "loss_reason", N_ ("Loss reason"), CRM_FIELD_TEXT, 0, RESULT, .max_length = 1000 },
  { "description", N_ ("Description"), CRM_FIELD_MULTILINE, CRM_FIELD_SEARCHABLE, NOTES, .max_length = 20000 },
  /* The nearest open task (0013), for the pipeline board's cards. */
  { "next_task_subject", N_ ("Next task"), CRM_FIELD_TEXT, CRM_FIELD_COMPUTED, NULL,
    .sql = "(SELECT k.subject FROM rapport.tasks k WHERE k.deal_id = t.id AND k.status IN ('planned', 'in_progress') "
           "ORDER BY k.due_at NULLS LAST, k.id LIMIT 1)" },
  { "next_task_due", N_ ("Next task due"), CRM_FIELD_TIMESTAMP, CRM_FIELD_COMPUTED, NULL,
    .sql = "(SELECT k.due_at FROM rapport.tasks k WHERE k.deal_id = t.id AND k.status IN ('planned', 'in_progress') "
           "ORDER BY k.due_at NULLS LAST, k.id LIMIT 1)" },
};

/* The database's rules, in words (also validation's messages). */
#define AMOUNT_RANGE N_ ("a deal's amount is between 0 and 1 000 000 000 000 ₽")
#define LOSS_REASON  N_ ("say why the deal was lost")

static const CrmConstraintMessage deal_constraints[] = {
  { "deals_amount_check", AMOUNT_RANGE },
  { "deals_loss_reason_check", LOSS_REASON },
  { "deals_probability_check", N_ ("the probability is a percentage from 0 to 100") },
  { "deals_stage_id_fkey", N_ ("the stage is not one of the deal's pipeline") },
  { NULL, NULL }
};

static const CrmRelated deal_related[] = {
  { "task", "deal_id", N_ ("Tasks"), N_ ("No tasks for this deal yet"), { "kind", "status", "due_at", "owner_name", NULL }, "due_at", TRUE, N_ ("Add a Task for This Deal"), { "account_id", "account_name", NULL } },
  { NULL }
};

const CrmRecordType crm_deal_type = {
  .name = "deal",
  .table = "deals",
  .label = N_ ("Deal"),
  .plural = N_ ("Deals"),
  .icon_name = "emblem-documents-symbolic",
  .new_label = N_ ("New Deal"),
  .empty_title = N_ ("No Deals Yet"),
  .empty_description = N_ ("Add what your accounts may buy and follow each deal through the pipeline to the first sale"),
  .search_placeholder = N_ ("Search by deal, account or description"),
  .count_singular = NP_ ("%u deal", "%u deals"),
  .title_field = "name",
  .default_sort = "expected_close",
  .fields = deal_fields,
  .n_fields = G_N_ELEMENTS (deal_fields),
  .get_type = crm_deal_get_type,
  .constraint_messages = deal_constraints,
  .related = deal_related,
};

static gboolean
field_error (GHashTable *field_errors,
             GError    **error,
             const char *name,
             const char *message)
{
  const CrmField *field = crm_record_type_get_field (&crm_deal_type, name);

  g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID, "%s: %s", crm_field_get_label (field),
               message);
  g_hash_table_insert (field_errors, (gpointer) field->name, g_strdup ((*error)->message));
  return FALSE;
}

static gboolean
crm_deal_check (CrmRecord  *record,
                GHashTable *field_errors,
                GError    **error)
{
  if (crm_record_get_int (record, "amount") > CRM_DEAL_MAX_AMOUNT)
    return field_error (field_errors, error, "amount", _ (AMOUNT_RANGE));
  if (crm_record_get_int (record, "probability") > 100)
    return field_error (field_errors, error, "probability", _ ("the probability is a percentage from 0 to 100"));
  if (g_strcmp0 (crm_record_get_string (record, "stage_kind"), "lost") == 0)
    {
      const char *reason = crm_record_get_string (record, "loss_reason");

      if (reason == NULL || *reason == '\0')
        return field_error (field_errors, error, "loss_reason", _ (LOSS_REASON));
    }
  return TRUE;
}

static void
crm_deal_constructed (GObject *object)
{
  G_OBJECT_CLASS (crm_deal_parent_class)->constructed (object);

  crm_record_set_string (CRM_RECORD (object), "currency", "RUB");
}

static void
crm_deal_class_init (CrmDealClass *klass)
{
  CrmRecordClass *record_class = CRM_RECORD_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = crm_deal_constructed;
  crm_record_class_install_fields (record_class, &crm_deal_type);
  record_class->check = crm_deal_check;
}

static void
crm_deal_init (CrmDeal *self)
{
}

CrmDeal *
crm_deal_new (void)
{
  return g_object_new (CRM_TYPE_DEAL, NULL);
}
