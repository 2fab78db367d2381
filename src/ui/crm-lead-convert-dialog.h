/* crm-lead-convert-dialog.h — convert a lead into an account, a contact
 * and a deal in one step (R3)
 *
 * Prefilled from the lead (crm-lead-conversion.h). Before anything is
 * created it looks for accounts and contacts like the new ones and offers
 * them at the top of their sections ("use this existing one"): an account
 * with the same INN is chosen at once. Convert does it all in one
 * transaction; then the window shows a toast and opens the account, and
 * the dialog closes. A lead converted already shows where it went
 * instead: links to its account, contact and deal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"
#include "crm-lead-conversion.h"

G_BEGIN_DECLS

#define CRM_TYPE_LEAD_CONVERT_DIALOG (crm_lead_convert_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmLeadConvertDialog, crm_lead_convert_dialog, CRM, LEAD_CONVERT_DIALOG, AdwWindow)

/* @lead: a stored, loaded lead. Present it transient for the main window
 * (the toast and the account open there). */
GtkWidget              *crm_lead_convert_dialog_new (CrmContext *context,
                                                     CrmRecord  *lead);

/* For tests. Ready: the duplicates are found (or the links shown) and no
 * conversion is under way. */
gboolean                crm_lead_convert_dialog_get_ready (CrmLeadConvertDialog *self);
guint                   crm_lead_convert_dialog_get_n_account_candidates (CrmLeadConvertDialog *self);
guint                   crm_lead_convert_dialog_get_n_contact_candidates (CrmLeadConvertDialog *self);
/* The existing account (contact) chosen, 0 for a new one; choosing one
 * that is not offered returns FALSE. */
gint64                  crm_lead_convert_dialog_get_account_choice (CrmLeadConvertDialog *self);
gboolean                crm_lead_convert_dialog_choose_account (CrmLeadConvertDialog *self,
                                                                gint64                account_id);
gboolean                crm_lead_convert_dialog_choose_contact (CrmLeadConvertDialog *self,
                                                                gint64                contact_id);
/* Where the lead went: after converting, or for a lead converted before;
 * NULL otherwise. */
const CrmLeadConverted *crm_lead_convert_dialog_get_converted (CrmLeadConvertDialog *self);
/* The last error shown, or NULL. */
const char             *crm_lead_convert_dialog_get_error (CrmLeadConvertDialog *self);

G_END_DECLS
