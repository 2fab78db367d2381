/* crm-demo.h — demo data and synthetic data sets
 *
 * The demo data is a small, hand-written set of Russian companies and
 * people (the counterparties of the seed documents first) that shows every
 * field of accounts and contacts. The synthetic generator makes data sets
 * of any size for tests and benchmarks, always the same for a given size.
 *
 * Both run on a connection of their own (crm_store_run_sync gives one) and
 * write inside one transaction: on error nothing is left behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* What the demo data holds; tests may rely on these numbers and on the
 * seed names (Громыхайло Игорь Викторович at «Реал сервис», mobile
 * +79163258798; Редькин Игнат at «Звезда Азии»; Мировой Владимир at
 * «В Пути!»; Струнина Надежда at «Агентство поездок»; Ёлкина Алёна). */
#define CRM_DEMO_N_EMPLOYEES 6
#define CRM_DEMO_N_ACCOUNTS  36
#define CRM_DEMO_N_CONTACTS  60
/* Leads in every status (new 4, assigned 3, in progress 4, converted 2,
 * refused 3), owned by the sales and support people. */
#define CRM_DEMO_N_LEADS 16

/* The catalogue of products and services (one of them off sale). */
#define CRM_DEMO_N_PRODUCTS 15

/* Seed 000's tariff plans («Стандартный», «Профи», «Новичок»), the
 * commercial conditions of «Стандартный» and the contracts «№ 125 / S»,
 * «№ 117 / S» and «№ 100 / S». */
#define CRM_DEMO_N_TARIFF_PLANS 3
#define CRM_DEMO_N_CONDITIONS   2
#define CRM_DEMO_N_CONTRACTS    3
/* Deals in the default pipeline. */
#define CRM_DEMO_N_DEALS 38

/* Tasks: seed 000's call with Игнат Редькин and its «№ 100 / S Contract
 * Renewal Reminder» (both done), and the employees' calls, meetings,
 * letters and tasks dated from today (planned 7, in progress 2, done 1
 * more, cancelled 1). */
#define CRM_DEMO_N_TASKS 13

/* The seed of the synthetic generator's GRand. */
#define CRM_DEMO_SEED 42

typedef enum
{
  CRM_DEMO_LOAD_DEFAULT = 0,
  /* Load even when the database already has accounts or contacts (the
   * demo records are added beside them). */
  CRM_DEMO_LOAD_FORCE = 1 << 0,
} CrmDemoLoadFlags;

/* Called after each chunk: @done of @total rows written so far. */
typedef void (*CrmDemoProgressFunc) (guint64  done,
                                     guint64  total,
                                     gpointer user_data);

/* Sets @empty to whether the database has neither accounts nor contacts. */
gboolean crm_demo_is_empty (PGconn   *conn,
                            gboolean *empty,
                            GError  **error);

/* Load the demo data if the database is empty; TRUE without doing
 * anything when it is not. */
gboolean crm_demo_load (PGconn  *conn,
                        GError **error);
/* Same, and sets @loaded (optional) to whether anything was written. */
gboolean crm_demo_load_full (PGconn          *conn,
                             CrmDemoLoadFlags flags,
                             gboolean        *loaded,
                             GError         **error);

/* Add @n_contacts synthetic contacts and MAX (n_contacts / 10, 1)
 * accounts (employees too when there are none) with COPY. Deterministic:
 * the same @n_contacts gives the same rows. @progress may be NULL;
 * @cancellable is checked between chunks (G_IO_ERROR_CANCELLED, nothing
 * written). */
gboolean crm_demo_generate (PGconn             *conn,
                            guint               n_contacts,
                            CrmDemoProgressFunc progress,
                            gpointer            user_data,
                            GCancellable       *cancellable,
                            GError            **error);

/* Helpers the generator uses, public for tests. */

/* "Пётр Ёлкин" → "petr elkin": a readable Latin spelling of Russian text
 * for e-mail addresses and domain names (lower case, letters a–z only for
 * Cyrillic; other characters are kept). */
char    *crm_demo_transliterate (const char *text);
/* The check digit of a 13-digit OGRN or a 15-digit OGRNIP from its first
 * 12 or 14 digits; returns a newly allocated full number. */
char    *crm_demo_ogrn_complete (const char *prefix);
/* The 20-digit settlement account for @bik with its control key (digit
 * 9) computed: @account has 20 digits, its 9th digit is replaced. */
char    *crm_demo_bank_account_complete (const char *bik,
                                         const char *account);

G_END_DECLS
