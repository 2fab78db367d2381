/* bench-figure.c — what a benchmark program measures and how it says so
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-figure.h"

double
bench_ms_since (gint64 start_us)
{
  return (double) (g_get_monotonic_time () - start_us) / 1000.0;
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_percentile (GArray *values,
                  double  p)
{
  g_autoptr (GArray) sorted = NULL;
  double exact;
  guint  rank;

  g_return_val_if_fail (values != NULL, BENCH_NONE);

  if (values->len == 0)
    return BENCH_NONE;

  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);

  /* Nearest rank: the smallest value with at least p% of them at or below. */
  exact = p / 100.0 * sorted->len;
  rank = (guint) exact;
  if (rank < exact)
    rank++;
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

double
bench_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return BENCH_NONE;
  line = strstr (status, "\nVmRSS:");
  if (line == NULL)
    return BENCH_NONE;

  /* kB there are KiB. */
  return g_ascii_strtod (line + strlen ("\nVmRSS:"), NULL) * 1024.0 / 1e6;
}

static void
print_number (GString *line,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value < 0)
    g_string_append (line, "\t-");
  else
    {
      g_string_append_c (line, '\t');
      g_string_append (line, g_ascii_formatd (buf, sizeof buf, "%.3f", value));
    }
}

static void
print_text (GString    *line,
            const char *text)
{
  g_string_append_c (line, '\t');
  if (text == NULL || text[0] == '\0')
    {
      g_string_append_c (line, '-');
      return;
    }
  for (const char *p = text; *p; p++)
    g_string_append_c (line, (*p == '\t' || *p == '\n') ? ' ' : *p);
}

void
bench_figure (const char *name,
              double      value,
              const char *unit,
              double      baseline,
              const char *baseline_is,
              const char *target,
              int         pass)
{
  g_autoptr (GString) line = g_string_new ("figure");

  g_return_if_fail (name != NULL);

  print_text (line, name);
  print_number (line, value);
  print_text (line, unit);
  print_number (line, baseline);
  print_text (line, baseline_is);
  print_text (line, target);
  print_text (line, pass < 0 ? "-" : pass ? "yes"
                                          : "no");
  g_string_append_c (line, '\n');

  fputs (line->str, stdout);
  fflush (stdout);
}

const char *
bench_option (int         argc,
              char      **argv,
              const char *name,
              const char *fallback)
{
  g_autofree char *flag = g_strconcat ("--", name, NULL);

  for (int i = 1; i + 1 < argc; i++)
    if (g_str_equal (argv[i], flag))
      return argv[i + 1];

  return fallback;
}

const char *
bench_database (int    argc,
                char **argv)
{
  const char *conninfo = bench_option (argc, argv, "database", g_getenv ("RAPPORT_BENCH_DATABASE"));

  if (conninfo == NULL || conninfo[0] == '\0')
    {
      g_printerr ("%s: no database; pass --database CONNINFO or set RAPPORT_BENCH_DATABASE "
                  "(build-aux/bench does both)\n",
                  g_get_prgname () ? g_get_prgname () : argv[0]);
      exit (2);
    }

  return conninfo;
}
