/* bench-startup.c — from process start to the main window showing data
 *
 *   bench-startup --rapport PATH --psql PATH [--database CONNINFO]
 *                 [--section contacts] [--runs 5] [--png FILE] [--name NAME]
 *
 * Runs `rapport --database CONNINFO --section SECTION --screenshot FILE`
 * --runs times and takes the median wall time from spawning it until it
 * has painted the first frame with the list's rows: Rapport says so on
 * standard error when RAPPORT_BENCH_T0 holds the spawn time (on the
 * monotonic clock; src/ui/crm-window.c). The time to its exit (two more
 * frames, the PNG written, the program closed) is logged beside it. Needs
 * a display (build-aux/bench runs it under xvfb-run with
 * GSK_RENDERER=cairo).
 * The baseline is the same for `psql -X -d CONNINFO -c 'select 1'`: a
 * process that only connects and asks one thing.
 *
 * Prints the figure NAME, "startup" unless given (see bench-figure.h); each
 * run on standard error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "bench-figure.h"

#define TARGET_MS 400.0

/* Wall milliseconds from spawn to exit; fails the program if @argv does.
 * @shown_ms (when not NULL): from spawn until the program said "shown
 * after N ms" on standard error (Rapport does when RAPPORT_BENCH_T0 is
 * set: src/ui/crm-window.c), or -1 when it did not. */
static double
run (const char *const *argv,
     double            *shown_ms)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *t0 = NULL;
  g_auto (GStrv) envp = NULL;
  gint64      start;
  double      ms;
  int         status = 0;
  const char *shown;

  start = g_get_monotonic_time ();
  t0 = g_strdup_printf ("%" G_GINT64_FORMAT, start);
  envp = g_environ_setenv (g_get_environ (), "RAPPORT_BENCH_T0", t0, TRUE);
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error))
    g_error ("Cannot run %s: %s", argv[0], error->message);
  ms = bench_ms_since (start);

  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed (%s):\n%s%s", argv[0], error->message, out, err);
  if (shown_ms != NULL)
    {
      shown = strstr (err, "shown after ");
      *shown_ms = shown != NULL ? g_ascii_strtod (shown + strlen ("shown after "), NULL) : -1;
    }
  return ms;
}

int
main (int    argc,
      char **argv)
{
  const char      *conninfo = bench_database (argc, argv);
  const char      *rapport = bench_option (argc, argv, "rapport", NULL);
  const char      *psql = bench_option (argc, argv, "psql", NULL);
  const char      *section = bench_option (argc, argv, "section", "contacts");
  const char      *name = bench_option (argc, argv, "name", "startup");
  guint            n_runs = (guint) g_ascii_strtoull (bench_option (argc, argv, "runs", "5"), NULL, 10);
  g_autofree char *png = g_strdup (bench_option (argc, argv, "png", NULL));
  g_autoptr (GArray) app_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) exit_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) psql_ms = g_array_new (FALSE, FALSE, sizeof (double));
  double median;

  setlocale (LC_ALL, ""); /* messages in UTF-8, not "?" */
  g_set_prgname ("bench-startup");
  n_runs = CLAMP (n_runs, 1, 100);

  if (rapport == NULL || psql == NULL)
    {
      g_printerr ("usage: bench-startup --rapport PATH --psql PATH [--database CONNINFO] "
                  "[--section NAME] [--runs N] [--png FILE] [--name FIGURE]\n");
      return 2;
    }
  if (png == NULL)
    png = g_build_filename (g_get_tmp_dir (), "rapport-bench-startup.png", NULL);

  for (guint i = 0; i < n_runs; i++)
    {
      const char *app_argv[] = { rapport, "--database", conninfo, "--section", section, "--screenshot", png, NULL };
      const char *psql_argv[] = { psql, "-X", "-q", "-d", conninfo, "-c", "select 1", NULL };
      GStatBuf    st;
      double      shown, exited, base;

      g_unlink (png);
      exited = run (app_argv, &shown);
      if (g_stat (png, &st) != 0 || st.st_size == 0)
        g_error ("rapport exited without writing %s", png);
      if (shown < 0)
        g_error ("rapport did not say when it showed its data (\"shown after N ms\" on standard error)");
      base = run (psql_argv, NULL);

      g_array_append_val (app_ms, shown);
      g_array_append_val (exit_ms, exited);
      g_array_append_val (psql_ms, base);
      g_printerr ("startup: run %u: rapport showed its data after %.0f ms and exited after %.0f ms; psql %.0f ms\n",
                  i + 1, shown, exited, base);
    }

  median = bench_percentile (app_ms, 50);
  g_printerr ("startup: rapport showed its data after min %.0f, median %.0f, max %.0f ms; exited after median %.0f ms"
              " (%s)\n",
              bench_percentile (app_ms, 0), median, bench_percentile (app_ms, 100), bench_percentile (exit_ms, 50),
              png);

  bench_figure (name, median, "ms", bench_percentile (psql_ms, 50),
                "psql -c 'select 1' process", "< 400 ms", median < TARGET_MS);
  return EXIT_SUCCESS;
}
