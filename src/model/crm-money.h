/* crm-money.h — sums of money in kopecks (CRM_FIELD_MONEY)
 *
 * A sum is a gint64 of kopecks; the database keeps it in a bigint column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CRM_MONEY_OK,
  CRM_MONEY_INVALID,  /* not a sum of money */
  CRM_MONEY_NEGATIVE, /* a negative sum where none is allowed */
  CRM_MONEY_TOO_LARGE,
} CrmMoneyParse;

/* A sum as people type it: "1 234,56", "1234.56", "1 234 ₽", "1234 руб.",
 * "-500", "1.234,56"; at most two digits after the decimal mark. */
CrmMoneyParse crm_money_parse (const char *text,
                               gboolean    allow_negative,
                               gint64     *kopecks);
/* "1 234,56 ₽" (no-break spaces between groups and before ₽). */
char         *crm_money_format (gint64 kopecks);
/* "1234.56": for CSV files and spreadsheets. */
char         *crm_money_format_plain (gint64 kopecks);

G_END_DECLS
