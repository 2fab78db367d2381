/* crm-lead-conversion.h — a qualified lead becomes an account, a contact
 * and maybe a deal (R3)
 *
 * A CrmLeadConversion is the plan the Convert dialog edits: drafts of a
 * new account, contact and deal prefilled from the lead, or an existing
 * account or contact chosen instead (the duplicates found for the drafts
 * offer them: crm_duplicates_find_similar_async()), and whether to open a
 * deal at all. crm_store_convert_lead_async() carries it out in ONE
 * transaction:
 *
 *   1. lock the lead: it must still be at the version the plan was made
 *      from, be one this user may change and not be converted already;
 *   2. use the chosen account (it must be one this user sees) or insert
 *      the new one;
 *   3. use the chosen contact or insert the new one at that account;
 *   4. with a deal, insert it at the default pipeline's first open stage,
 *      its account, contact and source lead set;
 *   5. mark the lead converted with links to the three (0014 stamps
 *      converted_at and converted_by and refuses a second conversion).
 *
 * Any failure — a value the database refuses, a record this user may not
 * see or write, a lost connection — rolls it all back: the lead stays as
 * it was and nothing new remains. The error names the part that failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-record.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_LEAD_CONVERSION (crm_lead_conversion_get_type ())
G_DECLARE_FINAL_TYPE (CrmLeadConversion, crm_lead_conversion, CRM, LEAD_CONVERSION, GObject)

/* A plan for @lead (a stored, loaded lead; copied): the drafts prefilled
 * from it, a new account and contact, a deal. */
CrmLeadConversion *crm_lead_conversion_new (CrmRecord *lead);
/* (transfer none) the lead as the plan was made from it. */
CrmRecord         *crm_lead_conversion_get_lead (CrmLeadConversion *self);

/* (transfer none) The new account: its name (the company, or the person
 * for a private client), INN, city; a private client's phone and e-mail
 * too. Change it freely; used when no existing account is chosen. */
CrmRecord         *crm_lead_conversion_get_account (CrmLeadConversion *self);
/* Use this existing account instead (0: create the new one). */
void               crm_lead_conversion_set_existing_account (CrmLeadConversion *self,
                                                             gint64             account_id);
gint64             crm_lead_conversion_get_existing_account (CrmLeadConversion *self);

/* (transfer none) The new contact: the person's name, position, phones
 * (a mobile number as the mobile phone, another as the work phone),
 * e-mail and city. Its account is set when converting. */
CrmRecord         *crm_lead_conversion_get_contact (CrmLeadConversion *self);
void               crm_lead_conversion_set_existing_contact (CrmLeadConversion *self,
                                                             gint64             contact_id);
gint64             crm_lead_conversion_get_existing_contact (CrmLeadConversion *self);
/* A copy of the new contact as it would be stored, at the chosen
 * existing account (or none yet): what to look for duplicates of. */
CrmRecord         *crm_lead_conversion_dup_contact_candidate (CrmLeadConversion *self);

/* (transfer none) The deal: named after the request (the description's
 * first clause), its description the lead's. Amount and expected close
 * are for the person converting to give. */
CrmRecord         *crm_lead_conversion_get_deal (CrmLeadConversion *self);
void               crm_lead_conversion_set_with_deal (CrmLeadConversion *self,
                                                      gboolean           with_deal);
gboolean           crm_lead_conversion_get_with_deal (CrmLeadConversion *self);

/* Check the drafts that will be inserted (crm_record_validate()). On
 * failure @error names the part ("New account: Name: …") and
 * @field_errors (optional) receives "account.name", "contact.email",
 * "deal.amount"… → message. */
gboolean           crm_lead_conversion_validate (CrmLeadConversion *self,
                                                 GHashTable       **field_errors,
                                                 GError           **error);

/* What a lead became: the records and their names at the time of asking
 * (0 and NULL for a part that is not there: no deal, or a record deleted
 * since); @converted_at NULL for a lead marked converted before Rapport
 * kept the links, or not converted at all (@converted FALSE). */
typedef struct
{
  gint64     lead_id;
  gboolean   converted;
  gint64     account_id;
  char      *account_name;
  gboolean   account_created; /* by this conversion (a result of converting) */
  gint64     contact_id;
  char      *contact_name;
  gboolean   contact_created;
  gint64     deal_id;
  char      *deal_name;
  GDateTime *converted_at;
  char      *converted_by; /* the employee's name, else the login */
} CrmLeadConverted;

#define CRM_TYPE_LEAD_CONVERTED (crm_lead_converted_get_type ())
GType             crm_lead_converted_get_type (void) G_GNUC_CONST;
CrmLeadConverted *crm_lead_converted_copy (const CrmLeadConverted *self);
void              crm_lead_converted_free (CrmLeadConverted *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmLeadConverted, crm_lead_converted_free)

/* Carry out @conversion as described at the top; validates it first
 * (CRM_VALIDATION_ERROR). Errors: CRM_STORE_ERROR_CONFLICT (the lead
 * changed since), _NOT_FOUND (the lead is gone), _PERMISSION (the lead,
 * or a chosen account or contact, is not this user's to use), _INVALID
 * (already converted, or a value refused), _CONNECTION… */
CrmLeadConverted *crm_store_convert_lead_sync (CrmStore          *store,
                                               CrmLeadConversion *conversion,
                                               GCancellable      *cancellable,
                                               GError           **error);
void              crm_store_convert_lead_async (CrmStore           *store,
                                                CrmLeadConversion  *conversion,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
CrmLeadConverted *crm_store_convert_lead_finish (CrmStore     *store,
                                                 GAsyncResult *result,
                                                 GError      **error);

/* Where lead @lead_id went (the links it keeps, with the names of the
 * records this user sees). */
CrmLeadConverted *crm_store_get_lead_conversion_sync (CrmStore     *store,
                                                      gint64        lead_id,
                                                      GCancellable *cancellable,
                                                      GError      **error);
void              crm_store_get_lead_conversion_async (CrmStore           *store,
                                                       gint64              lead_id,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
CrmLeadConverted *crm_store_get_lead_conversion_finish (CrmStore     *store,
                                                        GAsyncResult *result,
                                                        GError      **error);

G_END_DECLS
