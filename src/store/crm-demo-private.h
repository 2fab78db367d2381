/* crm-demo-private.h — what the files of the demo code share
 *
 * For crm-demo.c (loading the demo data and the helpers below),
 * crm-demo-data.c (the demo data's tables) and crm-demo-generator.c (the
 * synthetic generator) only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "crm-demo.h"

G_BEGIN_DECLS

/* PGresult under a name of our own, so that a cleanup function defined
 * for PGresult elsewhere never collides with this one. */
typedef PGresult CrmDemoResult;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmDemoResult, PQclear)

/* ---- Helpers of the loader and the generator (crm-demo.c) ---- */

/* BEGIN, or an error when @conn is already inside a transaction. */
gboolean _crm_demo_begin_transaction (PGconn  *conn,
                                      GError **error);
/* Lock the accounts and contacts against other writers until COMMIT. */
gboolean _crm_demo_lock_tables (PGconn  *conn,
                                GError **error);
/* ROLLBACK if a transaction is open; a failure is only logged. */
void     _crm_demo_rollback (PGconn *conn);
/* The first column of the first row as an integer (0 for none or NULL). */
gboolean _crm_demo_query_int64 (PGconn            *conn,
                                const char        *sql,
                                guint              n_params,
                                const char *const *params,
                                gint64            *value,
                                GError           **error);
char    *_crm_demo_int64_to_text (gint64 value);
/* The ids of the demo employees, in CrmDemoEmployeeId order: an employee of
 * the same name is reused, a missing one is added. */
gboolean _crm_demo_ensure_employees (PGconn  *conn,
                                     gint64   ids[CRM_DEMO_N_EMPLOYEES],
                                     GError **error);

/* ---- The catalogue and the sales (crm-demo-sales.c) ---- */

/* The products and services, then a few sales to each client, sub-agent
 * and partner among @account_ids (in _crm_demo_accounts order). */
gboolean _crm_demo_insert_sales (PGconn      *conn,
                                 const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                                 const gint64 account_ids[],
                                 GError     **error);
guint    _crm_demo_n_sales (void);

/* ---- Tariff plans, commercial conditions, contracts (crm-demo-contracts.c) */

/* The seed's tariff plans with their conditions (a plan of the same ID is
 * reused), then its contracts with the accounts they name, kept by the
 * support manager. */
gboolean _crm_demo_insert_contracts (PGconn      *conn,
                                     const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                                     const gint64 account_ids[],
                                     GError     **error);

/* ---- Deals (crm-demo-deals.c) ---- */

/* Seed 000's February 2020 funnel, then a year of deals in every stage
 * of the default pipeline; after the contacts (a deal names its
 * account's first contact). */
gboolean _crm_demo_insert_deals (PGconn      *conn,
                                 const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                                 const gint64 account_ids[],
                                 GError     **error);

/* ---- Tasks (crm-demo-tasks.c) ---- */

/* Seed 000's call and renewal reminder, then the employees' tasks of
 * these days; after the contacts, contracts and deals they link to. */
gboolean _crm_demo_insert_tasks (PGconn      *conn,
                                 const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                                 const gint64 account_ids[],
                                 GError     **error);

/* ---- The demo data (crm-demo-data.c); read-only ---- */

typedef enum
{
  CRM_DEMO_BANK_SBER,
  CRM_DEMO_BANK_ALFA,
  CRM_DEMO_BANK_VTB,
  CRM_DEMO_BANK_PSB,
  CRM_DEMO_BANK_TINK,
  CRM_DEMO_BANK_SBER_SPB,
  CRM_DEMO_BANK_SBER_KZN,
  CRM_DEMO_BANK_SBER_NSK,
  CRM_DEMO_BANK_SBER_EKB,
  CRM_DEMO_BANK_SBER_NN,
  CRM_DEMO_BANK_SBER_SMR,
  CRM_DEMO_BANK_SBER_KRD,
  CRM_DEMO_BANK_SBER_DV,
  CRM_DEMO_BANK_SBER_ROS,
  CRM_DEMO_N_BANKS
} CrmDemoBankId;

/* The first CRM_DEMO_BANK_N_FEDERAL banks serve every city. */
#define CRM_DEMO_BANK_N_FEDERAL (CRM_DEMO_BANK_TINK + 1)

typedef struct
{
  const char *name;
  const char *bik;
  const char *corr_account;
} CrmDemoBank;

typedef enum
{
  CRM_DEMO_EMPLOYEE_KOTOVA,
  CRM_DEMO_EMPLOYEE_BELOV,
  CRM_DEMO_EMPLOYEE_SMIRNOVA,
  CRM_DEMO_EMPLOYEE_GUSEV,
  CRM_DEMO_EMPLOYEE_LEBEDEVA,
  CRM_DEMO_EMPLOYEE_ORLOV,
} CrmDemoEmployeeId;

G_STATIC_ASSERT (CRM_DEMO_EMPLOYEE_ORLOV + 1 == CRM_DEMO_N_EMPLOYEES);

typedef struct
{
  const char *full_name;
  const char *position;
  const char *phone;
  const char *email;
} CrmDemoEmployee;

typedef struct
{
  const char       *code;
  const char       *name;
  const char       *full_name;
  const char       *inn;
  const char       *kpp;
  const char       *ogrn;
  const char       *size_group;
  const char       *account_type;
  const char       *status;
  const char       *region;
  const char       *industry;
  const char       *city;
  const char       *director;
  const char       *accountant;
  const char       *legal_address;
  const char       *actual_address; /* NULL: the legal address */
  const char       *phone;
  const char       *phone2;
  const char       *email;
  const char       *email2;
  const char       *website;
  CrmDemoBankId     bank;
  const char       *bank_account;
  const char       *competitors;
  const char       *comments;
  gboolean          confirmed;
  CrmDemoEmployeeId owner;
} CrmDemoAccount;

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
} CrmDemoContact;

typedef struct
{
  const char       *last_name;
  const char       *first_name;
  const char       *middle_name;
  const char       *company_name;
  const char       *inn;
  const char       *position;
  const char       *phone;
  const char       *email;
  const char       *city;
  const char       *source;
  const char       *status;
  const char       *qualification;
  const char       *refusal_reason;
  const char       *description;
  CrmDemoEmployeeId owner;
} CrmDemoLead;

extern const CrmDemoBank     _crm_demo_banks[CRM_DEMO_N_BANKS];
/* Our own company's people, the owners of the demo records. */
extern const CrmDemoEmployee _crm_demo_employees[CRM_DEMO_N_EMPLOYEES];
/* The seed's companies first; CRM_DEMO_N_ACCOUNTS of them. */
extern const CrmDemoAccount  _crm_demo_accounts[];
extern const guint           _crm_demo_n_accounts;
/* The seed's people first; CRM_DEMO_N_CONTACTS of them. */
extern const CrmDemoContact  _crm_demo_contacts[];
extern const guint           _crm_demo_n_contacts;
/* Requests for tours, visas and corporate travel; CRM_DEMO_N_LEADS. */
extern const CrmDemoLead     _crm_demo_leads[];
extern const guint           _crm_demo_n_leads;

G_END_DECLS
