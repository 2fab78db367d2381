/* test-funnel-chart.c — the funnel chart's layout without drawing: bars
 * as wide as their values against the largest, a tiny value still
 * visible, nothing for zero; month names for the chooser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <gtk/gtk.h>

#include "crm-funnel-chart.h"
#include "crm-funnel-page.h"
#include "crm-funnel.h"

static void
test_proportional (void)
{
  const double values[] = { 200, 150, 100, 50, 20 };
  double       widths[G_N_ELEMENTS (values)];

  crm_funnel_chart_compute_widths (values, G_N_ELEMENTS (values), 400, 6, widths);
  g_assert_cmpfloat_with_epsilon (widths[0], 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (widths[1], 300, 1e-9);
  g_assert_cmpfloat_with_epsilon (widths[2], 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (widths[3], 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (widths[4], 40, 1e-9);
}

/* The largest need not be the first (by amount, a later stage may hold
 * bigger deals); a tiny value keeps the minimum; zero draws no bar. */
static void
test_tiny_and_zero (void)
{
  const double values[] = { 1000, 3000000, 1, 0 };
  double       widths[G_N_ELEMENTS (values)];

  crm_funnel_chart_compute_widths (values, G_N_ELEMENTS (values), 300, 6, widths);
  g_assert_cmpfloat_with_epsilon (widths[0], 6, 1e-9);
  g_assert_cmpfloat_with_epsilon (widths[1], 300, 1e-9);
  g_assert_cmpfloat_with_epsilon (widths[2], 6, 1e-9);
  g_assert_cmpfloat (widths[3], ==, 0);
}

static void
test_nothing (void)
{
  const double zeros[] = { 0, 0, 0 };
  const double one[] = { 5 };
  double       widths[3] = { -1, -1, -1 };

  crm_funnel_chart_compute_widths (zeros, G_N_ELEMENTS (zeros), 300, 6, widths);
  for (guint i = 0; i < G_N_ELEMENTS (zeros); i++)
    g_assert_cmpfloat (widths[i], ==, 0);

  /* No room: no bar wider than the room. */
  crm_funnel_chart_compute_widths (one, 1, 4, 6, widths);
  g_assert_cmpfloat_with_epsilon (widths[0], 4, 1e-9);
  crm_funnel_chart_compute_widths (one, 1, 0, 6, widths);
  g_assert_cmpfloat (widths[0], ==, 0);
}

static void
test_month_names (void)
{
  g_autofree char *feb = crm_funnel_page_dup_month_name (202002);
  g_autofree char *dec = crm_funnel_page_dup_month_name (201912);
  g_autofree char *all = crm_funnel_page_dup_month_name (CRM_FUNNEL_ALL_MONTHS);

  g_assert_cmpstr (feb, ==, "February 2020");
  g_assert_cmpstr (dec, ==, "December 2019");
  g_assert_cmpstr (all, ==, "All months");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/funnel-chart/proportional", test_proportional);
  g_test_add_func ("/funnel-chart/tiny-and-zero", test_tiny_and_zero);
  g_test_add_func ("/funnel-chart/nothing", test_nothing);
  g_test_add_func ("/funnel-chart/month-names", test_month_names);

  return g_test_run ();
}
